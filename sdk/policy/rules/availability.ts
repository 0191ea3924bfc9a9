/** Availability rules: replicas, spreading, rolling updates, single-writer volumes. */
import type { Rule } from "../types.ts";
import { availMinReplicas } from "./avail-min-replicas.ts";
import { availRollingUpdate } from "./avail-rolling-update.ts";
import { availSpread } from "./avail-spread.ts";
import { availStatefulSingleWriter } from "./avail-stateful-single-writer.ts";

/** In catalogue order. */
export const AVAILABILITY_RULES: readonly Rule[] = [
  availMinReplicas,
  availSpread,
  availRollingUpdate,
  availStatefulSingleWriter,
];
