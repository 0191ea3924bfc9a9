import type { WorkloadGraphNode } from "../../graph/schema.ts";
import { isWorkload } from "../../graph/schema.ts";
import type { Rule, Violation } from "../types.ts";
import { describeNode } from "../describe.ts";
import { boundAddress } from "./host-address.ts";

interface Published {
  readonly node: WorkloadGraphNode;
  readonly index: number;
  readonly port: number;
  readonly protocol: string;
  /** Undefined: every interface. */
  readonly ip: string | undefined;
}

const REPLICA_FIX = "publish no host port on a replicated service (put a proxy in front of it), or replicas: 1";

/**
 * net.port-conflict (stack-wide): no two published ports — of two workloads, or two of one —
 * take the same host port and protocol on the same address; an all-interfaces bind conflicts
 * with every address. Each conflicting pair is reported once, on the later port. On a Docker
 * host every replica of a service is a container binding the same host port, so a service
 * with more than one replica that publishes a port conflicts with itself (swarm's ingress
 * shares one port between replicas). The one check of host ports, on every path: the Docker
 * host lowering binds exactly as {@link boundAddress} says.
 */
export const netPortConflict: Rule = {
  id: "net.port-conflict",
  on: ["stack"],
  targets: ["docker-host", "swarm"],
  dev: "E",
  prod: "E",
  mandatory: false,
  summary: "No two published ports, and no two replicas of one service on a Docker host, take the same host address, port and protocol",
  why: "the engine can bind a host port only once; the second workload fails to start.",
  fix: "publish one of them on another host port: ports: [{ container: 8080, published: 8081 }]",
  check(_node, ctx) {
    // Earlier published ports by host port and protocol: only those can conflict, and scanning
    // every earlier port would make the rule quadratic in the number of workloads.
    const seen = new Map<string, Published[]>();
    const out: Violation[] = [];
    for (const node of ctx.graph.nodes) {
      if (!isWorkload(node)) continue;
      const replicas = ctx.target === "docker-host" && node.spec.kind === "service" ? node.spec.replicas : 1;
      node.spec.ports.forEach((p, index) => {
        if (p.published === undefined) return;
        const cur: Published = { node, index, port: p.published, protocol: p.protocol, ip: boundAddress(p, ctx) };
        const where = cur.ip ?? "every interface";
        if (replicas > 1) {
          const message = `${describeNode(node)} publishes ${cur.port}/${cur.protocol} on ${where} from each of its ${replicas} replicas.`;
          out.push({ node, field: `ports[${index}].published`, found: String(cur.port), message, fix: REPLICA_FIX });
        }
        const key = `${cur.port}/${cur.protocol}`;
        const same = seen.get(key) ?? [];
        for (const prev of same) {
          if (prev.ip !== undefined && cur.ip !== undefined && prev.ip !== cur.ip) continue;
          const at = cur.ip ?? prev.ip ?? "every interface";
          const message =
            prev.node === cur.node
              ? `${describeNode(cur.node)} publishes ${cur.port}/${cur.protocol} twice on ${at} (ports[${prev.index}] and ports[${cur.index}]).`
              : `${describeNode(prev.node)} and ${describeNode(cur.node)} both publish ${cur.port}/${cur.protocol} on ${at}.`;
          out.push({ node: cur.node, field: `ports[${cur.index}].published`, found: String(cur.port), message });
        }
        same.push(cur);
        seen.set(key, same);
      });
    }
    return out;
  },
};
