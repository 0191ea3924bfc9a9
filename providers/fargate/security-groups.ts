/**
 * Berth networks on Fargate as VPC security groups: the one derivation Berth's engine
 * (engine/desired.ts) and the Pulumi realizer (pulumi.ts) both create, so the two make the same
 * groups. One group per portable Network (a workload on none is on the stack's `default`
 * network), which every task of its members joins (and the EFS mount targets of the Volumes they
 * mount), letting members reach each other on any port and nothing else in. The stack's load
 * balancer has a group admitting its listener ports from anywhere (internet-facing) or the VPC's
 * CIDR (internal), and a network admits the balancer's group on the container ports of its
 * members' target groups. Pure: from the portable graph and its lowering.
 */
import type { Graph } from "../../sdk/graph/schema.ts";
import { isWorkload } from "../../sdk/graph/schema.ts";
import type { FargateGraph } from "./target.ts";

/** One ingress rule: all traffic from the group itself, or a TCP port from the balancer's group, the VPC's CIDR or anywhere. */
export type IngressRule = { readonly protocol: "-1"; readonly from: "self" } | { readonly protocol: "tcp"; readonly port: number; readonly from: "load-balancer" | "vpc" | "anywhere" };

/** One security group of the stack. */
export interface SecurityGroupPlan {
  /** `#sg:<network name>` or `#sg:load-balancer`. */
  readonly id: string;
  /** `<stack>-<network name>`, `<stack>-load-balancer`. */
  readonly name: string;
  readonly description: string;
  /** The node the group stands for: the network node id, `#default` or `#load-balancer`. */
  readonly source: string;
  /** The self rule first (networks), then the TCP rules by port. */
  readonly ingress: readonly IngressRule[];
}

/** The security groups of a stack and which ones each workload and volume joins. */
export interface SecurityGroups {
  /** The balancer's group first when there is one (the networks' rules name it), then the networks' by name. */
  readonly groups: readonly SecurityGroupPlan[];
  /** Group ids by workload node id. */
  readonly byWorkload: ReadonlyMap<string, readonly string[]>;
  /** Group ids by volume node id: the groups of the workloads that mount it, by id. */
  readonly byVolume: ReadonlyMap<string, readonly string[]>;
}

/** The id of the load balancer's security group. */
export const BALANCER_GROUP = "#sg:load-balancer";

/** The network of workloads that name none. */
const DEFAULT_NETWORK = "default";

const sorted = <T extends string | number>(xs: Iterable<T>): T[] => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The stack's security groups (see the module comment). */
export function securityGroups(portable: Graph, lowered: FargateGraph): SecurityGroups {
  const stack = lowered.stack;
  const byId = new Map(portable.nodes.map((n) => [n.id, n]));
  const workloads = portable.nodes.filter(isWorkload);
  const networks = new Map<string, { source: string; ports: Set<number> }>();
  const byWorkload = new Map<string, string[]>();
  for (const w of workloads) {
    const names = w.spec.networks.length > 0 ? w.spec.networks.map((id) => [byId.get(id)?.name ?? id, id] as const) : [[DEFAULT_NETWORK, `#${DEFAULT_NETWORK}`] as const];
    for (const [name, source] of names) if (!networks.has(name)) networks.set(name, { source, ports: new Set() });
    byWorkload.set(
      w.id,
      names.map(([name]) => `#sg:${name}`),
    );
  }
  const groups: SecurityGroupPlan[] = [];
  const balancer = lowered.nodes.find((n) => n.kind === "aws.load-balancer");
  if (balancer?.kind === "aws.load-balancer") {
    const from = balancer.input.Scheme === "internet-facing" ? "anywhere" : "vpc";
    const ports = sorted(lowered.nodes.flatMap((n) => (n.kind === "aws.listener" ? [n.input.Port] : [])));
    groups.push({ id: BALANCER_GROUP, name: `${stack}-load-balancer`, description: `load balancer of stack ${stack} (Berth)`, source: "#load-balancer", ingress: ports.map((port) => ({ protocol: "tcp", port, from })) });
    for (const tg of lowered.nodes) {
      if (tg.kind !== "aws.target-group") continue;
      for (const g of byWorkload.get(tg.source) ?? []) networks.get(g.slice(4))!.ports.add(tg.input.Port);
    }
  }
  for (const name of sorted(networks.keys())) {
    const n = networks.get(name)!;
    const ingress: IngressRule[] = [{ protocol: "-1", from: "self" }, ...sorted(n.ports).map((port) => ({ protocol: "tcp" as const, port, from: "load-balancer" as const }))];
    groups.push({ id: `#sg:${name}`, name: `${stack}-${name}`, description: `network ${name} of stack ${stack} (Berth)`, source: n.source, ingress });
  }
  const byVolume = new Map<string, string[]>();
  for (const w of workloads) {
    for (const v of w.spec.volumes) byVolume.set(v.volume, sorted([...(byVolume.get(v.volume) ?? []), ...(byWorkload.get(w.id) ?? [])]));
  }
  return { groups, byWorkload, byVolume };
}
