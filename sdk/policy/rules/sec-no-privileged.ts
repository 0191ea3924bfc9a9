import type { Rule } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";

/** sec.no-privileged: the workload is not privileged. Swarm services cannot be privileged. */
export const secNoPrivileged: Rule = {
  id: "sec.no-privileged",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "fargate", "kubernetes"],
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "The workload is not privileged",
  why: "a privileged container has every capability and every host device: it is root on the host.",
  fix: "privileged: false, and add only the capability it needs: capabilities: { add: [\"NET_BIND_SERVICE\"] }",
  check(node) {
    const w = asWorkload(node);
    if (!w || !w.spec.privileged) return [];
    return [{ node: w, field: "privileged", found: "true", message: `${describeNode(w)} runs privileged.` }];
  },
};
