/**
 * Reading one stack's objects on AWS with read calls only (Describe/List/Get): every object a
 * desired node names, owned or not (a name held by an object without Berth's tags is a clash),
 * and every object the stack owns that no node names any more (found by the stack's name prefix
 * and its `berth.stack` tag). Filling the {@link Resolution} with what exists is a side effect.
 */
import { BerthError } from "../../../sdk/core/errors.ts";
import { LABELS } from "../../shared/labels.ts";
import type { FargateGraph } from "../target.ts";
import { answered, awsMessage, type AwsApi } from "./aws.ts";
import type { EngineObjects } from "./desired.ts";
import { newResolution, type Resolution } from "./resolve.ts";

/** One live AWS object. */
export interface LiveObject {
  readonly kind: string;
  readonly name: string;
  /** Its ARN or AWS id. */
  readonly id: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The describe call's record of it. */
  readonly data: Record<string, unknown>;
}

/** What exists of a stack. */
export interface LiveStack {
  readonly stack: string;
  /** By `kind\0name`. */
  readonly objects: Map<string, LiveObject>;
  readonly resolution: Resolution;
}

/** The key of an object in {@link LiveStack.objects}. */
export const liveKey = (kind: string, name: string): string => `${kind}\u0000${name}`;

/** True when Berth's stack `stack` owns the object. */
export const ownedBy = (o: LiveObject, stack: string): boolean => o.tags[LABELS.stack] === stack;

/** An AWS answer as the engine reads it (the SDK types are loaded lazily, not imported). */
type Any = Record<string, any>;

const fromEcs = (t: { key?: string; value?: string }[] | undefined): Record<string, string> => Object.fromEntries((t ?? []).map((x) => [x.key ?? "", x.value ?? ""]));
const fromAws = (t: { Key?: string; Value?: string }[] | undefined): Record<string, string> => Object.fromEntries((t ?? []).map((x) => [x.Key ?? "", x.Value ?? ""]));

/** Chunks of at most `n`. */
function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Reads the stack's account, network and objects; see the module comment. */
export async function observeStack(api: AwsApi, lowered: FargateGraph, objects: EngineObjects): Promise<LiveStack> {
  const stack = lowered.stack;
  const r = newResolution();
  const live = new Map<string, LiveObject>();
  const put = (o: LiveObject): void => void live.set(liveKey(o.kind, o.name), o);

  // The account and the network are read beside the objects (security groups found by name are
  // matched to the VPC once it is known).
  const network = observeNetwork(api, lowered, r);
  const nodes = lowered.nodes;
  const has = (kind: string): boolean => nodes.some((n) => n.kind === kind);
  const reads: Promise<void>[] = [
    api.call<{ Account: string }>("sts", "GetCallerIdentity", {}).then((identity) => void (r.account = identity.Account)),
    network,
  ];

  // The cluster, its services (owned ones and the ones the graph names).
  reads.push(
    (async () => {
      const c = await api.call<Any>("ecs", "DescribeClusters", { clusters: [lowered.cluster], include: ["TAGS"] });
      const cluster = (c.clusters ?? []).find((x: Any) => x.status === "ACTIVE");
      if (!cluster) return;
      put({ kind: "ecs.cluster", name: lowered.cluster, id: cluster.clusterArn, tags: fromEcs(cluster.tags), data: cluster });
      const arns: string[] = [];
      let token: string | undefined;
      do {
        const page = await api.call<Any>("ecs", "ListServices", { cluster: lowered.cluster, ...(token ? { nextToken: token } : {}) });
        arns.push(...(page.serviceArns ?? []));
        token = page.nextToken;
      } while (token);
      for (const batch of chunks(arns, 10)) {
        const d = await api.call<Any>("ecs", "DescribeServices", { cluster: lowered.cluster, services: batch, include: ["TAGS"] });
        for (const s of d.services ?? []) if (s.status === "ACTIVE") put({ kind: "ecs.service", name: s.serviceName, id: s.serviceArn, tags: fromEcs(s.tags), data: s });
      }
    })(),
  );

  // Task definition families of the stack: the latest ACTIVE revision of each.
  reads.push(
    (async () => {
      const families: string[] = [];
      let token: string | undefined;
      do {
        const page = await api.call<Any>("ecs", "ListTaskDefinitionFamilies", { familyPrefix: `${stack}-`, status: "ACTIVE", ...(token ? { nextToken: token } : {}) });
        families.push(...(page.families ?? []));
        token = page.nextToken;
      } while (token);
      await Promise.all(
        families.map(async (family) => {
          const d = await api.find<Any>("ecs", "DescribeTaskDefinition", { taskDefinition: family, include: ["TAGS"] }, ["ClientException"]);
          // Some endpoints answer a family with its latest revision even when it was deregistered.
          if (!d?.taskDefinition || d.taskDefinition.status !== "ACTIVE") return;
          put({ kind: "ecs.task-definition", name: family, id: d.taskDefinition.taskDefinitionArn, tags: fromEcs(d.tags), data: d.taskDefinition });
        }),
      );
    })(),
  );

  // Security groups: the stack's own (by tag) and any holding a desired name in the VPC.
  reads.push(
    (async () => {
      const names = objects.securityGroups.map((g) => g.name);
      const [byTag, byName] = await Promise.all([
        api.call<Any>("ec2", "DescribeSecurityGroups", { Filters: [{ Name: `tag:${LABELS.stack}`, Values: [stack] }] }),
        // By name in every VPC, read beside the network: only the stack's VPC's are kept below.
        names.length ? api.call<Any>("ec2", "DescribeSecurityGroups", { Filters: [{ Name: "group-name", Values: names }] }) : { SecurityGroups: [] },
      ]);
      await network;
      const named = (byName.SecurityGroups ?? []).filter((g: Any) => g.VpcId === r.vpc);
      for (const g of [...(byTag.SecurityGroups ?? []), ...named]) {
        put({ kind: "ec2.security-group", name: g.GroupName, id: g.GroupId, tags: fromAws(g.Tags), data: g });
        const desired = objects.securityGroups.find((d) => d.name === g.GroupName);
        if (desired && g.VpcId === r.vpc) r.groups.set(desired.id, g.GroupId);
      }
    })(),
  );

  // The log group.
  reads.push(
    (async () => {
      const name = `/berth/${stack}`;
      const d = await api.call<Any>("logs", "DescribeLogGroups", { logGroupNamePrefix: name });
      const g = (d.logGroups ?? []).find((x: Any) => x.logGroupName === name);
      if (!g) return;
      const t = await api.call<Any>("logs", "ListTagsLogGroup", { logGroupName: name });
      put({ kind: "aws.log-group", name, id: g.arn ?? name, tags: t.tags ?? {}, data: g });
    })(),
  );

  // The execution role.
  reads.push(
    (async () => {
      const name = `${stack}-execution`.slice(0, 64);
      const role = await api.find<Any>("iam", "GetRole", { RoleName: name }, ["NoSuchEntityException", "NoSuchEntity"]);
      if (!role?.Role) return;
      const policy = await api.find<Any>("iam", "GetRolePolicy", { RoleName: name, PolicyName: "berth-execution" }, ["NoSuchEntityException", "NoSuchEntity"]);
      let tags = role.Role.Tags;
      if (!tags) tags = (await api.call<Any>("iam", "ListRoleTags", { RoleName: name })).Tags;
      put({ kind: "aws.execution-role", name, id: role.Role.Arn, tags: fromAws(tags), data: { ...role.Role, policy: policy?.PolicyDocument } });
    })(),
  );

  // Secrets under the stack's prefix.
  reads.push(
    (async () => {
      let token: string | undefined;
      do {
        const page = await api.call<Any>("sm", "ListSecrets", { Filters: [{ Key: "name", Values: [`${stack}/`] }], IncludePlannedDeletion: false, ...(token ? { NextToken: token } : {}) });
        for (const s of page.SecretList ?? []) {
          if (!String(s.Name).startsWith(`${stack}/`) || s.DeletedDate) continue;
          put({ kind: "aws.secret", name: s.Name, id: s.ARN, tags: fromAws(s.Tags), data: s });
        }
        token = page.NextToken;
      } while (token);
      for (const n of nodes) {
        if (n.kind !== "aws.secret") continue;
        const o = live.get(liveKey("aws.secret", n.name));
        if (o) r.values.set(n.arn, o.id);
      }
    })(),
  );

  // Cloud Map: the namespace and its services.
  if (has("aws.cloud-map-namespace")) {
    reads.push(
      (async () => {
        const name = `${stack}.internal`;
        let ns: Any | undefined;
        let token: string | undefined;
        do {
          const page = await api.call<Any>("sd", "ListNamespaces", { Filters: [{ Name: "TYPE", Values: ["DNS_PRIVATE"], Condition: "EQ" }], ...(token ? { NextToken: token } : {}) });
          ns ??= (page.Namespaces ?? []).find((x: Any) => x.Name === name);
          token = page.NextToken;
        } while (token && !ns);
        if (!ns) return;
        const t = await api.call<Any>("sd", "ListTagsForResource", { ResourceARN: ns.Arn });
        put({ kind: "aws.cloud-map-namespace", name, id: ns.Id, tags: fromAws(t.Tags), data: ns });
        const services = await api.call<Any>("sd", "ListServices", { Filters: [{ Name: "NAMESPACE_ID", Values: [ns.Id], Condition: "EQ" }] });
        await Promise.all(
          (services.Services ?? []).map(async (s: Any) => {
            const st = await api.call<Any>("sd", "ListTagsForResource", { ResourceARN: s.Arn });
            // A service of another namespace (some endpoints ignore the filter) is not this stack's business.
            if (fromAws(st.Tags)[LABELS.stack] !== stack) {
              const full = await api.call<Any>("sd", "GetService", { Id: s.Id });
              if (full.Service?.NamespaceId !== ns.Id) return;
            }
            put({ kind: "aws.cloud-map-service", name: s.Name, id: s.Arn, tags: fromAws(st.Tags), data: s });
            const n = nodes.find((x) => x.kind === "aws.cloud-map-service" && x.name === s.Name);
            if (n && n.kind === "aws.cloud-map-service") r.values.set(/<cloud-map:[^>]+>/.exec(n.arn)![0], s.Id);
          }),
        );
      })(),
    );
  }

  // The load balancer, its listeners, and the stack's target groups.
  const balancer = nodes.find((n) => n.kind === "aws.load-balancer");
  reads.push(
    (async () => {
      const groups: Any[] = [];
      let marker: string | undefined;
      do {
        const page = await api.call<Any>("elb", "DescribeTargetGroups", { ...(marker ? { Marker: marker } : {}) });
        groups.push(...(page.TargetGroups ?? []).filter((g: Any) => String(g.TargetGroupName).startsWith(`${stack}-`)));
        marker = page.NextMarker;
      } while (marker);
      const lb = balancer ? ((await api.find<Any>("elb", "DescribeLoadBalancers", { Names: [balancer.name] }, ["LoadBalancerNotFoundException", "LoadBalancerNotFound"]))?.LoadBalancers ?? [])[0] : undefined;
      const listeners: Any[] = lb ? ((await api.call<Any>("elb", "DescribeListeners", { LoadBalancerArn: lb.LoadBalancerArn })).Listeners ?? []) : [];
      const arns = [...groups.map((g) => g.TargetGroupArn), ...(lb ? [lb.LoadBalancerArn] : []), ...listeners.map((l) => l.ListenerArn)];
      const tags = new Map<string, Record<string, string>>();
      for (const batch of chunks(arns, 20)) {
        const d = await api.call<Any>("elb", "DescribeTags", { ResourceArns: batch });
        for (const t of d.TagDescriptions ?? []) tags.set(t.ResourceArn, fromAws(t.Tags));
      }
      for (const g of groups) {
        put({ kind: "aws.target-group", name: g.TargetGroupName, id: g.TargetGroupArn, tags: tags.get(g.TargetGroupArn) ?? {}, data: g });
        const n = nodes.find((x) => x.kind === "aws.target-group" && x.name === g.TargetGroupName);
        if (n && n.kind === "aws.target-group") r.values.set(n.arn, g.TargetGroupArn);
      }
      if (lb && balancer && balancer.kind === "aws.load-balancer") {
        put({ kind: "aws.load-balancer", name: lb.LoadBalancerName, id: lb.LoadBalancerArn, tags: tags.get(lb.LoadBalancerArn) ?? {}, data: lb });
        r.values.set(balancer.arn, lb.LoadBalancerArn);
        for (const l of listeners) put({ kind: "aws.listener", name: String(l.Port), id: l.ListenerArn, tags: tags.get(l.ListenerArn) ?? {}, data: l });
      }
    })(),
  );

  // EFS file systems of the stack (by tag) and those holding a desired creation token.
  reads.push(
    (async () => {
      let marker: string | undefined;
      do {
        const page = await api.call<Any>("efs", "DescribeFileSystems", { ...(marker ? { Marker: marker } : {}) });
        for (const fs of page.FileSystems ?? []) {
          const tags = fromAws(fs.Tags);
          const n = nodes.find((x) => x.kind === "aws.efs-file-system" && x.name === fs.CreationToken);
          if (tags[LABELS.stack] !== stack && !n) continue;
          const targets = await api.call<Any>("efs", "DescribeMountTargets", { FileSystemId: fs.FileSystemId });
          put({ kind: "aws.efs-file-system", name: fs.CreationToken, id: fs.FileSystemId, tags, data: { ...fs, mountTargetSubnets: (targets.MountTargets ?? []).map((m: Any) => m.SubnetId) } });
          if (n && n.kind === "aws.efs-file-system") r.values.set(n.fileSystemId, fs.FileSystemId);
        }
        marker = page.NextMarker;
      } while (marker);
    })(),
  );

  await Promise.all(reads);
  return { stack, objects: live, resolution: r };
}

/** The VPC and subnets: the target's subnets and their VPC, else the region's default VPC and its default subnets. */
async function observeNetwork(api: AwsApi, lowered: FargateGraph, r: Resolution): Promise<void> {
  if (lowered.subnets.length > 0) {
    const d = await api.call<Any>("ec2", "DescribeSubnets", { SubnetIds: lowered.subnets }).catch((e: unknown) => {
      if (!answered(e)) throw e;
      throw new BerthError({
        code: "engine.aws",
        path: lowered.stack,
        field: "target.subnets",
        found: lowered.subnets.join(", "),
        message: `AWS refused the target's subnets ${lowered.subnets.join(", ")}: ${awsMessage(e)}.`,
        fix: "name subnets of this account and region in new Fargate({ subnets }) (aws ec2 describe-subnets)",
      });
    });
    r.subnets = [...lowered.subnets];
    r.vpc = d.Subnets?.[0]?.VpcId ?? "<vpc>";
  } else {
    const v = await api.call<Any>("ec2", "DescribeVpcs", { Filters: [{ Name: "isDefault", Values: ["true"] }] });
    const vpc = v.Vpcs?.[0];
    if (!vpc) {
      throw new BerthError({ code: "engine.aws", path: lowered.stack, field: "target.subnets", found: "[]", message: `The target names no subnets and region ${lowered.region} has no default VPC.`, fix: "name the tasks' subnets: new Fargate({ subnets: [...] })" });
    }
    r.vpc = vpc.VpcId;
    const s = await api.call<Any>("ec2", "DescribeSubnets", { Filters: [{ Name: "vpc-id", Values: [vpc.VpcId] }, { Name: "default-for-az", Values: ["true"] }] });
    r.subnets = (s.Subnets ?? []).map((x: Any) => x.SubnetId as string).sort().slice(0, 3);
  }
  const v = await api.call<Any>("ec2", "DescribeVpcs", { VpcIds: [r.vpc] });
  r.vpcCidr = v.Vpcs?.[0]?.CidrBlock ?? "10.0.0.0/8";
}
