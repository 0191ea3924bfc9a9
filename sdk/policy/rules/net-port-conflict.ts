import type { WorkloadGraphNode } from "../../graph/schema.ts";
import { isWorkload } from "../../graph/schema.ts";
import type { Rule, Violation } from "../types.ts";
import { describeNode } from "../describe.ts";
import { boundAddress } from "./set-b-helpers.ts";

interface Published {
  readonly node: WorkloadGraphNode;
  readonly index: number;
  readonly port: number;
  readonly protocol: string;
  /** Undefined: every interface. */
  readonly ip: string | undefined;
}

/**
 * net.port-conflict (stack-wide): no two published ports — of two workloads, or two of one —
 * take the same host port and protocol on the same address; an all-interfaces bind conflicts
 * with every address. Each conflicting pair is reported once, on the later port.
 */
export const netPortConflict: Rule = {
  id: "net.port-conflict",
  on: ["stack"],
  targets: ["docker-host", "swarm"],
  dev: "E",
  prod: "E",
  mandatory: false,
  why: "the engine can bind a host port only once; the second workload fails to start.",
  fix: "publish one of them on another host port: ports: [{ container: 8080, published: 8081 }]",
  check(_node, ctx) {
    // Earlier published ports by host port and protocol: only those can conflict, and scanning
    // every earlier port would make the rule quadratic in the number of workloads.
    const seen = new Map<string, Published[]>();
    const out: Violation[] = [];
    for (const node of ctx.graph.nodes) {
      if (!isWorkload(node)) continue;
      node.spec.ports.forEach((p, index) => {
        if (p.published === undefined) return;
        const cur: Published = { node, index, port: p.published, protocol: p.protocol, ip: boundAddress(p, ctx) };
        const key = `${cur.port}/${cur.protocol}`;
        const same = seen.get(key) ?? [];
        for (const prev of same) {
          if (prev.ip !== undefined && cur.ip !== undefined && prev.ip !== cur.ip) continue;
          const where = cur.ip ?? prev.ip ?? "every interface";
          const message =
            prev.node === cur.node
              ? `${describeNode(cur.node)} publishes ${cur.port}/${cur.protocol} twice on ${where} (ports[${prev.index}] and ports[${cur.index}]).`
              : `${describeNode(prev.node)} and ${describeNode(cur.node)} both publish ${cur.port}/${cur.protocol} on ${where}.`;
          out.push({ node: cur.node, field: `ports[${cur.index}].published`, found: String(cur.port), message });
        }
        same.push(cur);
        seen.set(key, same);
      });
    }
    return out;
  },
};
