/**
 * What the Fargate engine manages beyond the lowered nodes: the ECS cluster (when the stack
 * creates it) and the stack's security groups, derived once for the engine and the Pulumi
 * realizer (../security-groups.ts). Here they become desired objects: rules in the engine's
 * notation, ordered and hashed, so they are as deterministic as the lowering.
 */
import { contentHash } from "../../../sdk/graph/canonical.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { BALANCER_GROUP, securityGroups, type IngressRule as GroupRule } from "../security-groups.ts";
import type { FargateGraph } from "../target.ts";

/** One ingress rule: TCP ports (or all traffic) from a group of the stack, itself, the VPC or a CIDR. */
export interface IngressRule {
  readonly protocol: "tcp" | "-1";
  readonly port?: number;
  /** `self`, `sg:<desired group id>`, `vpc` or `cidr:<block>`. */
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

/** The engine's own objects, and which groups each workload's tasks and volume's mount targets get. */
export interface EngineObjects {
  readonly cluster: ClusterObject;
  /** By id. */
  readonly securityGroups: readonly SecurityGroupObject[];
  /** Desired security group ids by workload node id. */
  readonly groupsOf: ReadonlyMap<string, readonly string[]>;
  /** Desired security group ids by volume node id: those of the workloads that mount it. */
  readonly groupsOfVolume: ReadonlyMap<string, readonly string[]>;
}

/** A derived rule in the engine's notation. */
const engineRule = (r: GroupRule): IngressRule =>
  r.protocol === "-1" ? { protocol: "-1", from: "self" } : { protocol: "tcp", port: r.port, from: r.from === "load-balancer" ? `sg:${BALANCER_GROUP}` : r.from === "anywhere" ? "cidr:0.0.0.0/0" : "vpc" };

const rule = (r: IngressRule): string => `${r.protocol}:${r.port ?? "all"}:${r.from}`;

/** The cluster and security groups of a stack; see the module comment. */
export function engineObjects(graph: Graph, lowered: FargateGraph): EngineObjects {
  const stack = lowered.stack;
  const derived = securityGroups(graph, lowered);
  const groups = [...derived.groups].sort((a, b) => (a.id < b.id ? -1 : 1)).map((g): SecurityGroupObject => {
    const ingress = g.ingress.map(engineRule).sort((a, b) => (rule(a) < rule(b) ? -1 : 1));
    const { name, description } = g;
    return { kind: "ec2.security-group", id: g.id, name, path: `${stack}/${g.id.slice(1)}`, description, ingress, hash: contentHash({ name, description, ingress }) };
  });
  const cluster: ClusterObject = { kind: "ecs.cluster", id: "#cluster", name: lowered.cluster, path: `${stack}/cluster`, hash: contentHash({ cluster: lowered.cluster, capacityProviders: ["FARGATE", "FARGATE_SPOT"] }) };
  return { cluster, securityGroups: groups, groupsOf: derived.byWorkload, groupsOfVolume: derived.byVolume };
}

/** An ingress rule as a comparable string, once group ids are known. */
export function ruleKey(r: IngressRule, groupIds: ReadonlyMap<string, string>, self: string, vpcCidr: string): string {
  const from = r.from === "self" ? `sg:${self}` : r.from.startsWith("sg:") ? `sg:${groupIds.get(r.from.slice(3)) ?? r.from.slice(3)}` : r.from === "vpc" ? `cidr:${vpcCidr}` : r.from;
  return `${r.protocol}:${r.protocol === "-1" ? "all" : r.port}:${from}`;
}
