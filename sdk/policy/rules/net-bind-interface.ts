import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { boundAddress } from "./host-address.ts";

/**
 * net.bind-interface: every published port binds a specific host address — its own `hostIp`,
 * or the DockerHost's `bindAddress` (127.0.0.1 by default in dev). Swarm's ingress ignores
 * host addresses, so there every published port binds all interfaces and is reported.
 */
export const netBindInterface: Rule = {
  id: "net.bind-interface",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "swarm"],
  dev: "W",
  prod: "W",
  mandatory: false,
  summary: "Every published port binds a specific host address, not every interface",
  why: "a port bound on every interface is reachable from any network the host is on, not just the one meant.",
  fix: 'ports: [{ container: 8080, published: 8080, hostIp: "127.0.0.1" }], or new DockerHost({ bindAddress: "10.0.0.5" })',
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    w.spec.ports.forEach((p, i) => {
      if (p.published === undefined || boundAddress(p, ctx) !== undefined) return;
      out.push({
        node: w,
        field: `ports[${i}].hostIp`,
        found: p.hostIp ?? "unset",
        message: `${describeNode(w)} publishes port ${p.published}/${p.protocol} on every host interface.`,
      });
    });
    return out;
  },
};
