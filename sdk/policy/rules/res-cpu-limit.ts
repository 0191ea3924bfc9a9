import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** res.cpu-limit: cpu limit set (`resources.cpu`). */
export const resCpuLimit: Rule = {
  id: "res.cpu-limit",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "A CPU limit is set (`resources.cpu`)",
  why: "without a limit a busy workload starves its neighbours on the same host.",
  fix: "resources: { cpu: 0.5 }",
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.resources.cpu !== undefined) return [];
    return [{ field: "resources.cpu", found: "none", message: `${describeNode(w)} has no CPU limit.` }];
  },
};
