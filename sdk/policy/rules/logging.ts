/** Logging rules: log drivers and rotation. */
import type { Rule } from "../types.ts";
import { logDriverSet } from "./log-driver-set.ts";
import { logRotation } from "./log-rotation.ts";

/** In catalogue order. */
export const LOGGING_RULES: readonly Rule[] = [
  logDriverSet,
  logRotation,
];
