import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";

/** res.pids-limit: pids limit set (`resources.pids`). */
export const resPidsLimit: Rule = {
  id: "res.pids-limit",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "swarm"],
  dev: "-",
  prod: "W",
  mandatory: false,
  summary: "A process-count limit is set (`resources.pids`)",
  why: "a fork bomb or a thread leak without a pids limit exhausts the host's process table for every workload.",
  fix: "resources: { pids: 256 }",
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.resources.pids !== undefined) return [];
    return [{ field: "resources.pids", found: "none", message: `${describeNode(w)} has no process limit.` }];
  },
};
