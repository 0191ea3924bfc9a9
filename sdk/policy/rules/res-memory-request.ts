import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";

/** res.memory-request: memory reservation/request set (`resources.memoryReservationBytes`). */
export const resMemoryRequest: Rule = {
  id: "res.memory-request",
  on: WORKLOAD_KINDS,
  targets: ["swarm", "fargate", "kubernetes"],
  dev: "-",
  prod: "W",
  mandatory: false,
  summary: "A memory reservation is set (`resources.memoryReservation`)",
  why: "schedulers place tasks by reservation; without one a node is overcommitted and tasks are evicted under pressure.",
  fix: "resources: { memoryReservation: Size.mebibytes(256) }",
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.resources.memoryReservationBytes !== undefined) return [];
    return [{ field: "resources.memoryReservationBytes", found: "none", message: `${describeNode(w)} has no memory reservation.` }];
  },
};
