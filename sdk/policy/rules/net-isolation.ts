import type { Rule } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";

/**
 * net.isolation: every workload sits on at least one user-defined network, not the default
 * bridge (on Kubernetes, the networks become NetworkPolicies).
 */
export const netIsolation: Rule = {
  id: "net.isolation",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "swarm", "kubernetes"],
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "Every workload is on a user-defined network, not the default bridge",
  why: "on the default network every container can reach every other; user-defined networks limit who talks to whom.",
  fix: 'const backend = new Network(this, "backend"); ... networks: [backend]',
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.networks.length > 0) return [];
    return [{ node: w, field: "networks", found: "[]", message: `${describeNode(w)} is on no user-defined network.` }];
  },
};
