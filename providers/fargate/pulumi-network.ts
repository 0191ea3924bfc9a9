/**
 * Berth networks on Fargate under Pulumi: one VPC security group per portable Network, which
 * every task of its member workloads joins (and the EFS mount targets of the Volumes they
 * mount), letting members reach each other on any port and nothing else in. A workload that
 * publishes a port also admits the stack's load balancer security group on its container port.
 * Pure: decided from the portable graph and the lowered one, realized by pulumi.ts.
 */
import type { Graph } from "../../sdk/graph/schema.ts";
import { isWorkload } from "../../sdk/graph/schema.ts";
import type { FargateGraph } from "./target.ts";

/** One portable Network as a security group. */
export interface NetworkGroup {
  /** The Pulumi resource name: `<network id>#security-group`. */
  readonly resource: string;
  /** The portable network node id. */
  readonly network: string;
  /** The group name: `<stack>-<network name>`. */
  readonly name: string;
  readonly description: string;
  /** Member workload ids, sorted. */
  readonly members: readonly string[];
  /** Container ports the load balancer may reach (published ports of members), sorted. */
  readonly balancerPorts: readonly number[];
}

/** The security groups of a stack's networks, and which ones each workload joins. */
export interface NetworkPlan {
  readonly groups: readonly NetworkGroup[];
  /** Network group resource names by workload id. */
  readonly byWorkload: ReadonlyMap<string, readonly string[]>;
  /** Network group resource names by volume id: the groups of the workloads that mount it. */
  readonly byVolume: ReadonlyMap<string, readonly string[]>;
  /** The load balancer's listener ports, sorted (its own security group admits them). */
  readonly listenerPorts: readonly number[];
}

/** The resource name of the load balancer's security group. */
export const BALANCER_GROUP = "#load-balancer#security-group";

const sorted = <T extends string | number>(xs: Iterable<T>): T[] => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Plans one security group per network of the stack. */
export function planNetworks(portable: Graph, lowered: FargateGraph): NetworkPlan {
  const workloads = portable.nodes.filter(isWorkload);
  const groups: NetworkGroup[] = portable.nodes
    .filter((n) => n.spec.kind === "network")
    .map((n) => {
      const members = workloads.filter((w) => w.spec.networks.includes(n.id));
      const balancerPorts = members.filter((w) => w.spec.kind !== "job").flatMap((w) => w.spec.ports.filter((p) => p.published !== undefined && p.protocol === "tcp").map((p) => p.container));
      return {
        resource: `${n.id}#security-group`,
        network: n.id,
        name: `${lowered.stack}-${n.name}`,
        description: `Network ${n.id} of stack ${lowered.stack} (Berth): members reach each other`,
        members: sorted(members.map((w) => w.id)),
        balancerPorts: sorted(balancerPorts),
      };
    })
    .sort((a, b) => (a.resource < b.resource ? -1 : 1));
  const byWorkload = new Map<string, string[]>(workloads.map((w) => [w.id, groups.filter((g) => g.members.includes(w.id)).map((g) => g.resource)]));
  const byVolume = new Map<string, string[]>();
  for (const w of workloads) {
    for (const v of w.spec.volumes) byVolume.set(v.volume, sorted([...(byVolume.get(v.volume) ?? []), ...(byWorkload.get(w.id) ?? [])]));
  }
  const listenerPorts = sorted(lowered.nodes.flatMap((n) => (n.kind === "aws.listener" ? [n.input.Port] : [])));
  return { groups, byWorkload, byVolume, listenerPorts };
}
