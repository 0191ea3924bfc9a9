import type { Rule } from "../types.ts";
import { asWorkload, describeNode } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";
import { singleWriterMounts } from "./volumes.ts";

/**
 * avail.stateful-single-writer: a service mounting a single-writer (ReadWriteOnce) volume runs
 * exactly 1 replica, unless the volume is declared shared.
 */
export const availStatefulSingleWriter: Rule = {
  id: "avail.stateful-single-writer",
  on: ["service"],
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: false,
  summary: "A service mounting a single-writer volume runs exactly 1 replica, unless the volume is shared",
  why: "replicas writing one single-writer volume corrupt it, or (ReadWriteOnce) cannot all mount it.",
  fix: 'replicas: 1, or declare the volume shared: new Volume(this, "data", { shared: true })',
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w || w.spec.kind !== "service" || w.spec.replicas <= 1) return [];
    const mounts = singleWriterMounts(w, ctx);
    if (mounts.length === 0) return [];
    const names = mounts.map((m) => `'${m.volume.split("/").pop()}'`).join(", ");
    return [{ node: w, field: "replicas", found: String(w.spec.replicas), message: `${describeNode(w)} runs ${w.spec.replicas} replicas on the single-writer volume ${names}.` }];
  },
};
