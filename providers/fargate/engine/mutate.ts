/**
 * The mutating calls for each kind of object: create, update (including its ownership tags, so
 * the content hash is current) and delete. Each create records what AWS assigned in the
 * {@link Resolution}, so the inputs sent after it name real ids. Nothing here waits for a
 * workload; wait.ts does.
 */
import { awsTags, ecsTags, ownership } from "../names.ts";
import type { FargateGraph } from "../target.ts";
import type { AwsApi } from "./aws.ts";
import type { EngineObjects } from "./desired.ts";
import type { LiveObject } from "./observe.ts";
import { desiredRules, liveRules, resolvedNetwork, resolvedTaskDefinition, type DesiredObject, type SecretValues } from "./plan.ts";
import { resolveDeep, type Resolution } from "./resolve.ts";

/** An AWS answer as the engine reads it (the SDK types are loaded lazily, not imported). */
type Any = Record<string, any>;

/** What the mutations of one run share. */
export interface MutateContext {
  readonly api: AwsApi;
  readonly lowered: FargateGraph;
  readonly objects: EngineObjects;
  readonly r: Resolution;
  readonly values: SecretValues;
  /** Live objects by desired id, when they exist. */
  readonly live: ReadonlyMap<string, LiveObject>;
  /** The deployment each service's create/update started, by node id (what wait.ts watches). */
  readonly deployments: Map<string, string | undefined>;
}

const tagsOf = (ctx: MutateContext, d: { id: string; hash: string; source?: string }): Record<string, string> => ownership(ctx.lowered.stack, d.source ?? d.id, d.hash);

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/** A parsed `sg:`/`cidr:` rule string as an EC2 IpPermission. */
function permission(rule: string): Any {
  const [protocol, port, kind, ...rest] = rule.split(":");
  const source = rest.join(":");
  const ports = protocol === "-1" ? {} : { FromPort: Number(port), ToPort: Number(port) };
  return { IpProtocol: protocol, ...ports, ...(kind === "sg" ? { UserIdGroupPairs: [{ GroupId: source }] } : { IpRanges: [{ CidrIp: source }] }) };
}

/** Creates or updates one object (`liveId` set when it exists). */
export async function put(ctx: MutateContext, d: DesiredObject, liveId: string | undefined): Promise<void> {
  const { api, r } = ctx;
  const stack = ctx.lowered.stack;
  switch (d.kind) {
    case "ecs.cluster":
      await api.call("ecs", "CreateCluster", { clusterName: d.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"], tags: ecsTags(tagsOf(ctx, d)) });
      return;
    case "ec2.security-group": {
      if (!liveId) {
        const g = await api.call<Any>("ec2", "CreateSecurityGroup", { GroupName: d.name, Description: d.description, VpcId: r.vpc, TagSpecifications: [{ ResourceType: "security-group", Tags: awsTags(tagsOf(ctx, d)) }] });
        r.groups.set(d.id, g.GroupId);
      } else {
        r.groups.set(d.id, liveId);
        await api.call("ec2", "CreateTags", { Resources: [liveId], Tags: awsTags(tagsOf(ctx, d)) });
      }
      return;
    }
    case "aws.log-group":
      if (!liveId) await api.call("logs", "CreateLogGroup", { logGroupName: d.input.logGroupName, tags: d.input.tags });
      else await api.call("logs", "TagLogGroup", { logGroupName: d.input.logGroupName, tags: d.input.tags });
      await api.call("logs", "PutRetentionPolicy", { logGroupName: d.input.logGroupName, retentionInDays: d.input.retentionInDays });
      return;
    case "aws.execution-role": {
      const input = resolveDeep(d.input, r);
      if (!liveId) await api.call("iam", "CreateRole", { RoleName: input.RoleName, AssumeRolePolicyDocument: input.AssumeRolePolicyDocument, Description: `ECS task execution role of stack ${stack} (Berth)`, Tags: input.Tags });
      else {
        await api.call("iam", "UpdateAssumeRolePolicy", { RoleName: input.RoleName, PolicyDocument: input.AssumeRolePolicyDocument });
        await api.call("iam", "TagRole", { RoleName: input.RoleName, Tags: input.Tags });
      }
      await api.call("iam", "PutRolePolicy", { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: input.PolicyDocument });
      return;
    }
    case "aws.secret": {
      const value = ctx.values.get(d.id);
      const secret = value ? { SecretString: value.toString("utf8") } : {};
      if (!liveId) {
        const out = await api.call<Any>("sm", "CreateSecret", { Name: d.input.Name, Description: d.input.Description, Tags: d.input.Tags, ...secret });
        r.values.set(d.arn, out.ARN);
      } else {
        if (value) await api.call("sm", "PutSecretValue", { SecretId: liveId, ...secret });
        await api.call("sm", "TagResource", { SecretId: liveId, Tags: d.input.Tags });
      }
      return;
    }
    case "aws.cloud-map-namespace": {
      if (liveId) {
        const ns = await api.call<Any>("sd", "GetNamespace", { Id: liveId });
        await api.call("sd", "TagResource", { ResourceARN: ns.Namespace.Arn, Tags: d.input.Tags });
        return;
      }
      const op = await api.call<Any>("sd", "CreatePrivateDnsNamespace", { Name: d.input.Name, Vpc: r.vpc, Description: d.input.Description, Tags: d.input.Tags, CreatorRequestId: `berth-${stack}-${d.hash.slice(0, 16)}` });
      const id = await operationTarget(api, op.OperationId, "NAMESPACE");
      r.values.set("#namespace", id);
      return;
    }
    case "aws.cloud-map-service": {
      if (liveId) {
        await api.call("sd", "TagResource", { ResourceARN: liveId, Tags: d.input.Tags });
        return;
      }
      const namespaceId = r.values.get("#namespace") ?? ctx.live.get("#namespace")?.id;
      const out = await api.call<Any>("sd", "CreateService", { Name: d.input.Name, NamespaceId: namespaceId, DnsConfig: d.input.DnsConfig, HealthCheckCustomConfig: d.input.HealthCheckCustomConfig, Tags: d.input.Tags, CreatorRequestId: `berth-${stack}-${d.name}-${d.hash.slice(0, 12)}` });
      r.values.set(/<cloud-map:[^>]+>/.exec(d.arn)![0], out.Service.Id);
      return;
    }
    case "aws.efs-file-system": {
      let id = liveId;
      if (id) await api.call("efs", "TagResource", { ResourceId: id, Tags: d.input.Tags });
      else {
        const fs = await api.call<Any>("efs", "CreateFileSystem", d.input);
        id = fs.FileSystemId as string;
        r.values.set(d.fileSystemId, id);
      }
      await mountTargets(ctx, d, id);
      return;
    }
    case "aws.load-balancer": {
      const groups = [...d.input.SecurityGroups, r.groups.get("#sg:load-balancer")!].filter(Boolean);
      if (liveId) {
        await api.call("elb", "SetSecurityGroups", { LoadBalancerArn: liveId, SecurityGroups: groups });
        await api.call("elb", "AddTags", { ResourceArns: [liveId], Tags: d.input.Tags });
        return;
      }
      const subnets = d.input.Subnets.length ? d.input.Subnets : r.subnets;
      const out = await api.call<Any>("elb", "CreateLoadBalancer", { Name: d.input.Name, Type: d.input.Type, Scheme: d.input.Scheme, Subnets: subnets, SecurityGroups: groups, Tags: d.input.Tags });
      r.values.set(d.arn, out.LoadBalancers[0].LoadBalancerArn);
      return;
    }
    case "aws.target-group": {
      if (liveId) {
        await api.call("elb", "ModifyTargetGroup", { TargetGroupArn: liveId, HealthCheckPath: d.input.HealthCheckPath });
        await api.call("elb", "AddTags", { ResourceArns: [liveId], Tags: d.input.Tags });
        return;
      }
      const out = await api.call<Any>("elb", "CreateTargetGroup", { ...d.input, VpcId: r.vpc });
      r.values.set(d.arn, out.TargetGroups[0].TargetGroupArn);
      return;
    }
    case "aws.listener": {
      const input = resolveDeep(d.input, r);
      if (liveId) {
        await api.call("elb", "ModifyListener", { ListenerArn: liveId, DefaultActions: input.DefaultActions });
        await api.call("elb", "AddTags", { ResourceArns: [liveId], Tags: input.Tags });
        return;
      }
      await api.call("elb", "CreateListener", input);
      return;
    }
    case "ecs.task-definition": {
      const out = await api.call<Any>("ecs", "RegisterTaskDefinition", resolvedTaskDefinition(d, r));
      r.revisions.set(d.name, out.taskDefinition.taskDefinitionArn);
      return;
    }
    case "ecs.service": {
      const input = resolveDeep(d.input, r);
      const taskDefinition = r.revisions.get(d.input.taskDefinition) ?? d.input.taskDefinition;
      const networkConfiguration = resolvedNetwork(ctx.lowered, ctx.objects, r, d);
      if (!liveId) {
        const out = await api.call<Any>("ecs", "CreateService", { ...input, taskDefinition, networkConfiguration });
        ctx.deployments.set(d.id, primary(out.service));
        return;
      }
      const out = await api.call<Any>("ecs", "UpdateService", {
        cluster: input.cluster,
        service: input.serviceName,
        taskDefinition,
        desiredCount: input.desiredCount,
        networkConfiguration,
        deploymentConfiguration: input.deploymentConfiguration,
        loadBalancers: input.loadBalancers ?? [],
        serviceRegistries: input.serviceRegistries ?? [],
      });
      await api.call("ecs", "TagResource", { resourceArn: liveId, tags: input.tags });
      ctx.deployments.set(d.id, primary(out.service));
      return;
    }
    case "ecs.run-task":
      throw new Error("run-task is run by wait.ts");
  }
}

function primary(service: Any): string | undefined {
  return (service?.deployments ?? []).find((x: Any) => x.status === "PRIMARY")?.id;
}

/** The file system's NFS mount targets: one per task subnet, in the groups of the workloads that mount it (their self rule admits NFS). */
async function mountTargets(ctx: MutateContext, d: Extract<DesiredObject, { kind: "aws.efs-file-system" }>, id: string): Promise<void> {
  const have = await ctx.api.call<Any>("efs", "DescribeMountTargets", { FileSystemId: id });
  const subnets = new Set((have.MountTargets ?? []).map((m: Any) => m.SubnetId as string));
  const groups = (ctx.objects.groupsOfVolume.get(d.source) ?? []).map((g) => ctx.r.groups.get(g) ?? g);
  for (const subnet of ctx.r.subnets) {
    if (!subnets.has(subnet)) await ctx.api.call("efs", "CreateMountTarget", { FileSystemId: id, SubnetId: subnet, SecurityGroups: groups });
  }
}

/** Authorizes the missing and revokes the extra ingress rules of a group (all groups exist by now). */
export async function syncRules(ctx: MutateContext, d: Extract<DesiredObject, { kind: "ec2.security-group" }>): Promise<void> {
  const id = ctx.r.groups.get(d.id)!;
  const g = await ctx.api.call<Any>("ec2", "DescribeSecurityGroups", { GroupIds: [id] });
  const have = liveRules(g.SecurityGroups?.[0] ?? {});
  const want = desiredRules(d, ctx.r);
  const add = want.filter((x) => !have.includes(x));
  const drop = have.filter((x) => !want.includes(x));
  if (add.length) await ctx.api.call("ec2", "AuthorizeSecurityGroupIngress", { GroupId: id, IpPermissions: add.map(permission) });
  if (drop.length) await ctx.api.call("ec2", "RevokeSecurityGroupIngress", { GroupId: id, IpPermissions: drop.map(permission) });
}

/** Waits for a Cloud Map operation and returns the id of its target of `type`. */
async function operationTarget(api: AwsApi, operationId: string, type: string): Promise<string> {
  for (let i = 0; ; i++) {
    const op = await api.call<Any>("sd", "GetOperation", { OperationId: operationId });
    if (op.Operation?.Status === "SUCCESS") return op.Operation.Targets[type];
    if (op.Operation?.Status === "FAIL") throw new Error(`Cloud Map operation ${operationId} failed: ${op.Operation.ErrorMessage}`);
    await sleep(Math.min(2000, 100 * 2 ** i));
  }
}

/** Deletes one owned object by kind (a task definition family: every revision is deregistered). */
export async function remove(api: AwsApi, lowered: FargateGraph, o: { kind: string; name: string; liveId?: string }): Promise<void> {
  const id = o.liveId!;
  const ignore = (names: string[]) => (e: unknown) => {
    if (!names.includes((e as { name?: string }).name ?? "")) throw e;
  };
  switch (o.kind) {
    case "ecs.service":
      await api.call("ecs", "DeleteService", { cluster: lowered.cluster, service: o.name, force: true }).catch(ignore(["ServiceNotFoundException"]));
      return;
    case "ecs.task-definition": {
      let token: string | undefined;
      const arns: string[] = [];
      do {
        const page = await api.call<Any>("ecs", "ListTaskDefinitions", { familyPrefix: o.name, status: "ACTIVE", ...(token ? { nextToken: token } : {}) });
        arns.push(...(page.taskDefinitionArns ?? []).filter((a: string) => a.split("/").pop()!.replace(/:\d+$/, "") === o.name));
        token = page.nextToken;
      } while (token);
      for (const a of arns) await api.call("ecs", "DeregisterTaskDefinition", { taskDefinition: a });
      return;
    }
    case "aws.secret":
      await api.call("sm", "DeleteSecret", { SecretId: id, ForceDeleteWithoutRecovery: true }).catch(ignore(["ResourceNotFoundException"]));
      return;
    case "aws.execution-role": {
      await api.call("iam", "DeleteRolePolicy", { RoleName: o.name, PolicyName: "berth-execution" }).catch(ignore(["NoSuchEntityException", "NoSuchEntity"]));
      await api.call("iam", "DeleteRole", { RoleName: o.name }).catch(ignore(["NoSuchEntityException", "NoSuchEntity"]));
      return;
    }
    case "ec2.security-group":
      await api.call("ec2", "DeleteSecurityGroup", { GroupId: id }).catch(ignore(["InvalidGroup.NotFound"]));
      return;
    case "aws.cloud-map-service":
      await api.call("sd", "DeleteService", { Id: id.split("/").pop() }).catch(ignore(["ServiceNotFound"]));
      return;
    case "aws.cloud-map-namespace": {
      const op = await api.call<Any>("sd", "DeleteNamespace", { Id: id }).catch(ignore(["NamespaceNotFound"]));
      if (op && (op as Any).OperationId) await operationTarget(api, (op as Any).OperationId, "NAMESPACE").catch(() => undefined);
      return;
    }
    case "aws.listener":
      await api.call("elb", "DeleteListener", { ListenerArn: id }).catch(ignore(["ListenerNotFoundException", "ListenerNotFound"]));
      return;
    case "aws.load-balancer":
      await api.call("elb", "DeleteLoadBalancer", { LoadBalancerArn: id });
      return;
    case "aws.target-group":
      await api.call("elb", "DeleteTargetGroup", { TargetGroupArn: id });
      return;
    case "aws.efs-file-system": {
      const targets = await api.call<Any>("efs", "DescribeMountTargets", { FileSystemId: id }).catch(() => ({ MountTargets: [] }));
      for (const m of targets.MountTargets ?? []) await api.call("efs", "DeleteMountTarget", { MountTargetId: m.MountTargetId }).catch(ignore(["MountTargetNotFound"]));
      await api.call("efs", "DeleteFileSystem", { FileSystemId: id }).catch(ignore(["FileSystemNotFound"]));
      return;
    }
    case "aws.log-group":
      await api.call("logs", "DeleteLogGroup", { logGroupName: o.name }).catch(ignore(["ResourceNotFoundException"]));
      return;
    case "ecs.cluster":
      await api.call("ecs", "DeleteCluster", { cluster: o.name }).catch(ignore(["ClusterNotFoundException"]));
      return;
  }
}

/** The order deletes run in: what refers to an object goes before it. */
export const DELETE_ORDER = [
  "aws.listener",
  "ecs.service",
  "aws.load-balancer",
  "aws.target-group",
  "aws.cloud-map-service",
  "aws.cloud-map-namespace",
  "ecs.task-definition",
  "aws.secret",
  "aws.execution-role",
  "ec2.security-group",
  "aws.efs-file-system",
  "aws.log-group",
  "ecs.cluster",
];
