/**
 * What the Fargate engine manages beyond the lowered nodes: the ECS cluster (when the stack
 * creates it) and one security group per Berth network. Workloads that share a network can talk
 * to each other (the group allows ingress from itself); the stack's load balancer has a group of
 * its own that admits its listener ports, and a workload that publishes a port admits the
 * balancer's group on that port. Names and rules are derived from the portable graph, so they
 * are as deterministic as the lowering.
 */
import { contentHash } from "../../../sdk/graph/canonical.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { isWorkload } from "../../../sdk/graph/schema.ts";
import type { FargateGraph } from "../target.ts";

/** One ingress rule: TCP ports (or all traffic) from a group of the stack, itself or a CIDR. */
export interface IngressRule {
  readonly protocol: "tcp" | "-1";
  readonly port?: number;
  /** `self`, `sg:<desired group id>` or `cidr:<block>`. */
  readonly from: string;
}

/** A security group the stack owns. */
export interface SecurityGroupObject {
  readonly kind: "ec2.security-group";
  /** `#sg:<network name>` or `#sg:load-balancer`. */
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly description: string;
  readonly ingress: readonly IngressRule[];
  readonly hash: string;
}

/** The ECS cluster, created (and owned) only when it does not exist yet. */
export interface ClusterObject {
  readonly kind: "ecs.cluster";
  readonly id: "#cluster";
  readonly name: string;
  readonly path: string;
  readonly hash: string;
}

/** The engine's own objects, and which groups each workload's tasks get. */
export interface EngineObjects {
  readonly cluster: ClusterObject;
  readonly securityGroups: readonly SecurityGroupObject[];
  /** Desired security group ids by workload node id (the target's own groups come first, by id). */
  readonly groupsOf: ReadonlyMap<string, readonly string[]>;
}

/** The stack default network's name, for workloads on no network of their own. */
const DEFAULT_NETWORK = "default";

const rule = (r: IngressRule): string => `${r.protocol}:${r.port ?? "all"}:${r.from}`;

/** The cluster and security groups of a stack; see the module comment. */
export function engineObjects(graph: Graph, lowered: FargateGraph): EngineObjects {
  const stack = lowered.stack;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const workloads = graph.nodes.filter(isWorkload);
  const rules = new Map<string, IngressRule[]>();
  const names = new Map<string, string>();
  const groupsOf = new Map<string, string[]>();
  const groupOf = (network: string): string => {
    const id = `#sg:${network}`;
    if (!rules.has(id)) {
      rules.set(id, [{ protocol: "-1", from: "self" }]);
      names.set(id, `${stack}-${network}`);
    }
    return id;
  };
  for (const w of workloads) {
    const nets = w.spec.networks.map((n) => byId.get(n)?.name ?? n);
    groupsOf.set(w.id, (nets.length ? nets : [DEFAULT_NETWORK]).map(groupOf));
  }
  const balancer = lowered.nodes.find((n) => n.kind === "aws.load-balancer");
  if (balancer && balancer.kind === "aws.load-balancer") {
    const listeners = lowered.nodes.flatMap((n) => (n.kind === "aws.listener" ? [n.input.Port] : []));
    const from = balancer.input.Scheme === "internet-facing" ? "cidr:0.0.0.0/0" : "vpc";
    rules.set("#sg:load-balancer", [...new Set(listeners)].sort((a, b) => a - b).map((port) => ({ protocol: "tcp" as const, port, from })));
    names.set("#sg:load-balancer", `${stack}-load-balancer`);
    for (const tg of lowered.nodes) {
      if (tg.kind !== "aws.target-group") continue;
      for (const g of groupsOf.get(tg.source) ?? []) {
        const list = rules.get(g)!;
        if (!list.some((r) => r.port === tg.input.Port && r.from === "sg:#sg:load-balancer")) list.push({ protocol: "tcp", port: tg.input.Port, from: "sg:#sg:load-balancer" });
      }
    }
  }
  const securityGroups = [...rules.keys()].sort().map((id): SecurityGroupObject => {
    const ingress = [...rules.get(id)!].sort((a, b) => (rule(a) < rule(b) ? -1 : 1));
    const name = names.get(id)!;
    const description = id === "#sg:load-balancer" ? `load balancer of stack ${stack} (Berth)` : `network ${id.slice(4)} of stack ${stack} (Berth)`;
    return { kind: "ec2.security-group", id, name, path: `${stack}/${id.slice(1)}`, description, ingress, hash: contentHash({ name, description, ingress }) };
  });
  const cluster: ClusterObject = { kind: "ecs.cluster", id: "#cluster", name: lowered.cluster, path: `${stack}/cluster`, hash: contentHash({ cluster: lowered.cluster, capacityProviders: ["FARGATE", "FARGATE_SPOT"] }) };
  return { cluster, securityGroups, groupsOf };
}

/** An ingress rule as a comparable string, once group ids are known. */
export function ruleKey(r: IngressRule, groupIds: ReadonlyMap<string, string>, self: string, vpcCidr: string): string {
  const from = r.from === "self" ? `sg:${self}` : r.from.startsWith("sg:") ? `sg:${groupIds.get(r.from.slice(3)) ?? r.from.slice(3)}` : r.from === "vpc" ? `cidr:${vpcCidr}` : r.from;
  return `${r.protocol}:${r.protocol === "-1" ? "all" : r.port}:${from}`;
}
