import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";

/** res.memory-limit: memory limit set (`resources.memoryBytes`). */
export const resMemoryLimit: Rule = {
  id: "res.memory-limit",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "swarm", "fargate", "kubernetes"],
  dev: "W",
  prod: "E",
  mandatory: false,
  why: "without a limit one leaking process can take the host's memory and the kernel's OOM killer picks a victim among all workloads.",
  fix: "resources: { memory: Size.mebibytes(512) }",
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.resources.memoryBytes !== undefined) return [];
    return [{ field: "resources.memoryBytes", found: "none", message: `${describeNode(w)} has no memory limit.` }];
  },
};
