/**
 * The Fargate plan: one change per desired object (the lowered nodes, the cluster and the
 * security groups of desired.ts) plus a delete per owned object no node names any more.
 *
 * - absent: create (a Job's run-task: start);
 * - present without Berth's tags for the stack: a clash, and nothing is applied (the cluster is
 *   the exception: an existing cluster is the user's, used as it is);
 * - owned, same content hash and the live fields as resolved: noop;
 * - another hash: update, naming the fields that differ (a task definition's update is a new
 *   revision; a service's names `taskDefinition` when its revision changes);
 * - same hash but live fields that differ (desiredCount scaled, a revision registered or deployed
 *   outside Berth, a rule removed): update marked as drift.
 *
 * Secret values are compared in memory with the stored value (never shown): a changed value is
 * an update of `value`.
 */
import { assertNoNameClashes, nodeChange, type EngineChange, type EnginePlan, type NameClash } from "../../shared/engine/plan.ts";
import { same } from "../../shared/engine/same.ts";
import { LABELS } from "../../shared/labels.ts";
import type { FargateGraph, FargateNode } from "../target.ts";
import type { AwsApi } from "./aws.ts";
import { ruleKey, type ClusterObject, type EngineObjects, type SecurityGroupObject } from "./desired.ts";
import { liveKey, ownedBy, type LiveObject, type LiveStack } from "./observe.ts";
import { resolveDeep, type Resolution } from "./resolve.ts";

/** Any object the engine manages. */
export type DesiredObject = FargateNode | ClusterObject | SecurityGroupObject;

/** One change of a Fargate plan. */
export type FargateChange = EngineChange<"create" | "update" | "start" | "delete" | "keep" | "noop", string>;
/** A Fargate plan. */
export type FargatePlan = EnginePlan<FargateChange>;

/** Secret values resolved for this run, by secret node id (never printed). */
export type SecretValues = ReadonlyMap<string, Buffer>;

/** The tag that marks a task definition revision whose Job completed (value: the run-task node's hash). */
export const COMPLETED_TAG = "berth.completed";

/** An AWS answer as the engine reads it (the SDK types are loaded lazily, not imported). */
type Any = Record<string, any>;

/** Every desired object in apply order (stack objects first, workloads last). */
export function desiredObjects(lowered: FargateGraph, objects: EngineObjects): DesiredObject[] {
  return [objects.cluster, ...objects.securityGroups, ...lowered.nodes];
}

/** The security group ids a workload's tasks get: the target's own, then its networks'. */
export function taskGroups(lowered: FargateGraph, objects: EngineObjects, r: Resolution, workload: string): string[] {
  return [...lowered.securityGroups, ...(objects.groupsOf.get(workload) ?? []).map((g) => r.groups.get(g) ?? g)];
}

/** A service's or run-task's network configuration, resolved. */
export function resolvedNetwork(lowered: FargateGraph, objects: EngineObjects, r: Resolution, node: Extract<FargateNode, { kind: "ecs.service" | "ecs.run-task" }>) {
  const a = node.input.networkConfiguration.awsvpcConfiguration;
  return { awsvpcConfiguration: { subnets: [...r.subnets], securityGroups: taskGroups(lowered, objects, r, node.source), assignPublicIp: a.assignPublicIp } };
}

/** The input of a task definition, resolved (ARNs, file system ids). */
export function resolvedTaskDefinition(node: Extract<FargateNode, { kind: "ecs.task-definition" }>, r: Resolution) {
  return resolveDeep(node.input, r);
}

/** The policy document of an IAM answer (URL-encoded JSON on the wire), parsed. */
export function policyOf(doc: unknown): unknown {
  if (typeof doc !== "string") return doc;
  const text = doc.startsWith("%") || doc.includes("%22") ? decodeURIComponent(doc) : doc;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const hashOf = (o: LiveObject): string | undefined => o.tags[LABELS.specHash];

/** The fields of a live task definition that differ from the desired input. */
function taskDefinitionFields(desired: Any, live: Any): string[] {
  const out: string[] = [];
  for (const k of ["cpu", "memory", "executionRoleArn", "networkMode", "volumes", "runtimePlatform"]) if (!same(desired[k], live[k])) out.push(k);
  const liveContainers = new Map<string, Any>((live.containerDefinitions ?? []).map((c: Any) => [c.name, c]));
  for (const c of desired.containerDefinitions as Any[]) {
    const l = liveContainers.get(c.name);
    if (!l) {
      out.push(`containerDefinitions[${c.name}]`);
      continue;
    }
    for (const k of Object.keys(c)) if (!same(c[k], l[k])) out.push(`containerDefinitions[${c.name}].${k}`);
  }
  for (const name of liveContainers.keys()) if (!(desired.containerDefinitions as Any[]).some((c) => c.name === name)) out.push(`containerDefinitions[${name}] (removed)`);
  return out;
}

/** The fields of a live service that differ from the desired (resolved) input. */
function serviceFields(desired: Any, live: Any): string[] {
  const out: string[] = [];
  if (desired.taskDefinition !== live.taskDefinition) out.push(`taskDefinition (${String(live.taskDefinition).split("/").pop()} → ${String(desired.taskDefinition).split("/").pop()})`);
  if (desired.desiredCount !== live.desiredCount) out.push(`desiredCount (${live.desiredCount} → ${desired.desiredCount})`);
  const net = (n: Any) => ({ ...n?.awsvpcConfiguration, subnets: [...(n?.awsvpcConfiguration?.subnets ?? [])].sort(), securityGroups: [...(n?.awsvpcConfiguration?.securityGroups ?? [])].sort() });
  if (!same(net(desired.networkConfiguration), net(live.networkConfiguration))) out.push("networkConfiguration");
  const dc = (d: Any) => ({ minimumHealthyPercent: d?.minimumHealthyPercent, maximumPercent: d?.maximumPercent, deploymentCircuitBreaker: d?.deploymentCircuitBreaker });
  if (!same(dc(desired.deploymentConfiguration), dc(live.deploymentConfiguration))) out.push("deploymentConfiguration");
  if (!same(desired.loadBalancers ?? [], (live.loadBalancers ?? []).map((l: Any) => ({ targetGroupArn: l.targetGroupArn, containerName: l.containerName, containerPort: l.containerPort })))) out.push("loadBalancers");
  if (!same(desired.serviceRegistries ?? [], (live.serviceRegistries ?? []).map((s: Any) => ({ registryArn: s.registryArn })))) out.push("serviceRegistries");
  return out;
}

/** The live ingress rules of a group as comparable strings. */
export function liveRules(g: Any): string[] {
  const out: string[] = [];
  for (const p of g.IpPermissions ?? []) {
    const port = p.IpProtocol === "-1" ? "all" : p.FromPort;
    for (const u of p.UserIdGroupPairs ?? []) out.push(`${p.IpProtocol}:${port}:sg:${u.GroupId}`);
    for (const c of p.IpRanges ?? []) out.push(`${p.IpProtocol}:${port}:cidr:${c.CidrIp}`);
  }
  return out.sort();
}

/** The desired ingress rules of a group as comparable strings. */
export function desiredRules(g: SecurityGroupObject, r: Resolution): string[] {
  return g.ingress.map((x) => ruleKey(x, r.groups, r.groups.get(g.id) ?? g.id, r.vpcCidr)).sort();
}

/** The fields of an owned object that differ from what the graph wants (beyond its hash). */
async function fieldsOf(api: AwsApi, d: DesiredObject, o: LiveObject, live: LiveStack, lowered: FargateGraph, objects: EngineObjects, values: SecretValues): Promise<string[]> {
  const r = live.resolution;
  const data = o.data as Any;
  switch (d.kind) {
    case "ecs.cluster":
      return [];
    case "ec2.security-group":
      return same(desiredRules(d, r), liveRules(data)) ? [] : ["ingress"];
    case "aws.log-group":
      return data.retentionInDays === d.input.retentionInDays ? [] : [`retentionInDays (${data.retentionInDays ?? "never expire"} → ${d.input.retentionInDays})`];
    case "aws.execution-role": {
      const want = resolveDeep(d.input, r);
      const out: string[] = [];
      if (!same(policyOf(want.AssumeRolePolicyDocument), policyOf(data.AssumeRolePolicyDocument))) out.push("AssumeRolePolicyDocument");
      if (!same(policyOf(want.PolicyDocument), policyOf(data.policy))) out.push("PolicyDocument");
      return out;
    }
    case "aws.secret": {
      const v = values.get(d.id);
      if (!v) return [];
      const stored = await api.find<Any>("sm", "GetSecretValue", { SecretId: o.id }, ["ResourceNotFoundException"]);
      const current = stored?.SecretBinary ? Buffer.from(stored.SecretBinary) : Buffer.from(stored?.SecretString ?? "", "utf8");
      return stored && current.equals(v) ? [] : ["value"];
    }
    case "aws.load-balancer": {
      const out: string[] = [];
      if (data.Scheme !== d.input.Scheme) out.push("Scheme");
      const groups = [...d.input.SecurityGroups, r.groups.get("#sg:load-balancer") ?? "#sg:load-balancer"].sort();
      if (!same(groups, [...(data.SecurityGroups ?? [])].sort())) out.push("SecurityGroups");
      return out;
    }
    case "aws.efs-file-system": {
      const have = new Set<string>(data.mountTargetSubnets ?? []);
      return r.subnets.every((s) => have.has(s)) ? [] : ["mountTargets"];
    }
    case "aws.target-group":
      return data.HealthCheckPath === d.input.HealthCheckPath ? [] : ["HealthCheckPath"];
    case "aws.listener": {
      const want = resolveDeep(d.input, r).DefaultActions[0]!.TargetGroupArn;
      return data.DefaultActions?.[0]?.TargetGroupArn === want ? [] : ["DefaultActions"];
    }
    case "ecs.task-definition":
      return taskDefinitionFields(resolvedTaskDefinition(d, r), data);
    case "ecs.service": {
      // A revision not registered yet is the task definition's change; the service follows it.
      const td = r.revisions.get(d.input.taskDefinition) ?? data.taskDefinition;
      const want = { ...resolveDeep(d.input, r), taskDefinition: td, networkConfiguration: resolvedNetwork(lowered, objects, r, d) };
      return serviceFields(want, data);
    }
    default:
      return [];
  }
}

/** Diffs the desired objects against the live stack; throws when a desired name is held by an object Berth does not own. */
export async function planFargate(api: AwsApi, lowered: FargateGraph, objects: EngineObjects, live: LiveStack, values: SecretValues): Promise<FargatePlan> {
  const stack = lowered.stack;
  const r = live.resolution;
  const desired = desiredObjects(lowered, objects);
  const clashes: NameClash[] = [];
  const wanted = new Set<string>();
  // Task definition revisions first: a service's desired revision is Berth's current one.
  for (const d of desired) {
    if (d.kind !== "ecs.task-definition") continue;
    const o = live.objects.get(liveKey(d.kind, d.name));
    if (o && ownedBy(o, stack) && hashOf(o) === d.hash) r.revisions.set(d.name, o.id);
  }
  const changes = await Promise.all(
    desired.map(async (d): Promise<FargateChange | undefined> => {
      if (d.kind === "ecs.run-task") return runTaskChange(d, live, stack);
      const key = liveKey(d.kind, d.name);
      wanted.add(key);
      const o = live.objects.get(key);
      if (!o) return nodeChange("create", d);
      if (!ownedBy(o, stack)) {
        if (d.kind === "ecs.cluster") return nodeChange("keep", d, ["exists without Berth's tags: used as it is"], o.id);
        if (d.kind === "ecs.task-definition" && o.tags[LABELS.stack] === undefined) return nodeChange("update", d, [`latest revision ${String(o.id).split(":").pop()} registered outside Berth`], o.id, true);
        clashes.push({ kind: d.kind, name: d.name });
        return undefined;
      }
      const fields = await fieldsOf(api, d, o, live, lowered, objects, values);
      if (hashOf(o) === d.hash) return fields.length ? nodeChange("update", d, fields, o.id, d.kind !== "aws.secret") : nodeChange("noop", d, [], o.id);
      return nodeChange("update", d, fields.length ? fields : [`spec (hash ${(hashOf(o) ?? "none").slice(0, 8)} → ${d.hash.slice(0, 8)})`], o.id);
    }),
  );
  assertNoNameClashes(stack, clashes, { lacks: `without the tag ${LABELS.stack}=${stack}`, fix: () => "remove or rename it, or rename the stack" });
  const out = changes.filter((c): c is FargateChange => c !== undefined);
  // A service whose task definition gets a new revision is updated onto it; a Job runs it.
  for (const [i, c] of out.entries()) {
    if (c.kind === "ecs.run-task" && c.op === "noop") {
      const job = lowered.nodes.find((n) => n.id === c.id);
      const td = job && job.kind === "ecs.run-task" ? out.find((x) => x.kind === "ecs.task-definition" && x.name === job.input.taskDefinition) : undefined;
      if (td && td.op !== "noop") out[i] = { ...c, op: "start", fields: ["its task definition changed"] };
      continue;
    }
    if (c.kind !== "ecs.service" || c.op !== "noop") continue;
    const svc = lowered.nodes.find((n) => n.id === c.id);
    const td = svc && svc.kind === "ecs.service" ? out.find((x) => x.kind === "ecs.task-definition" && x.name === svc.input.taskDefinition) : undefined;
    if (td && td.op !== "noop") out[i] = { ...c, op: "update", fields: ["taskDefinition (new revision)"] };
  }
  for (const [key, o] of live.objects) {
    // The cluster goes with `down` only; log groups and file systems hold data (`down --volumes`).
    if (wanted.has(key) || !ownedBy(o, stack) || o.kind === "ecs.cluster" || o.kind === "aws.log-group" || o.kind === "aws.efs-file-system") continue;
    out.push({ op: "delete", kind: o.kind, id: o.tags[LABELS.node] ?? o.name, name: o.name, fields: [], drift: false, liveId: o.id });
  }
  return { stack, changes: out };
}

/** A Job runs when its current task definition revision has not completed it yet. */
function runTaskChange(d: Extract<FargateNode, { kind: "ecs.run-task" }>, live: LiveStack, stack: string): FargateChange {
  const td = live.objects.get(liveKey("ecs.task-definition", d.input.taskDefinition));
  if (td && ownedBy(td, stack) && td.tags[COMPLETED_TAG] === d.hash && live.resolution.revisions.has(d.input.taskDefinition)) return nodeChange("noop", d, [], td.id);
  return nodeChange("start", d, [td?.tags[COMPLETED_TAG] ? "its task definition changed" : "not run yet"]);
}

