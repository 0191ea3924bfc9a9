import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";

/** res.cpu-request: cpu request/reservation set (`resources.cpuReservation`). */
export const resCpuRequest: Rule = {
  id: "res.cpu-request",
  on: WORKLOAD_KINDS,
  targets: ["swarm", "fargate", "kubernetes"],
  dev: "-",
  prod: "W",
  mandatory: false,
  summary: "A CPU reservation is set (`resources.cpuReservation`)",
  why: "schedulers place tasks by reservation; without one a node is overcommitted and latency suffers under load.",
  fix: "resources: { cpuReservation: 0.25 }",
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.resources.cpuReservation !== undefined) return [];
    return [{ field: "resources.cpuReservation", found: "none", message: `${describeNode(w)} has no CPU reservation.` }];
  },
};
