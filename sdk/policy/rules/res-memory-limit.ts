import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** res.memory-limit: memory limit set (`resources.memoryBytes`). */
export const resMemoryLimit: Rule = {
  id: "res.memory-limit",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "A memory limit is set (`resources.memory`)",
  why: "without a limit one leaking process can take the host's memory and the kernel's OOM killer picks a victim among all workloads.",
  fix: "resources: { memory: Size.mebibytes(512) }",
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.resources.memoryBytes !== undefined) return [];
    return [{ field: "resources.memoryBytes", found: "none", message: `${describeNode(w)} has no memory limit.` }];
  },
};
