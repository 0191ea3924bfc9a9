/**
 * Realizes the Fargate target graph as @pulumi/aws resources, one per target node and named by
 * its id: aws.cloudwatch.LogGroup, aws.iam.Role + RolePolicy (the execution role), aws.secretsmanager
 * Secret + SecretVersion, aws.servicediscovery PrivateDnsNamespace + Service, aws.efs FileSystem
 * (+ a MountTarget per subnet), aws.lb LoadBalancer/TargetGroup/Listener, aws.ecs TaskDefinition
 * and Service; and what the lowering leaves to the platform: the ECS cluster, the account
 * (aws.getCallerIdentity), the VPC and subnets (the target's, else the default VPC's) and one
 * aws.ec2.SecurityGroup per Berth network (security-groups.ts, the derivation Berth's engine uses).
 *
 * Inputs are the lowered API inputs, renamed to the provider's members; the placeholders
 * (`<account>`, `<vpc>`, lowered ARNs of objects AWS names) become references to the resources
 * through one resolution map, and task definitions send containerDefinitionsJson's text, the
 * serializer the export and the engine share. A Job's task definition is registered; running
 * it is Berth's engine's (`berth run`/`berth up`), reported as a gap.
 */
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Graph } from "../../sdk/graph/schema.ts";
import { imageArgs } from "../shared/docker-api/pulumi-image.ts";
import type { PulumiGap } from "../shared/provider.ts";
import { containerDefinitionsJson, resolutionsUsed, resolvePlaceholders, type Resolutions } from "./container-definitions-json.ts";
import { VPC } from "./load-balancer.ts";
import { ACCOUNT } from "./names.ts";
import { lookUpAws, secretString, stackTags, tagMap, type FargateAwsContext } from "./pulumi-context.ts";
import { fargatePulumiGaps } from "./pulumi-gaps.ts";
import { BALANCER_GROUP, securityGroups } from "./security-groups.ts";
import type { FargateGraph, FargateNode } from "./target.ts";

/** Options of {@link realizeFargateWithPulumi}. */
export interface RealizeFargateOptions {
  /** Directory relative `Secret.fromFile` paths are resolved against. @default process.cwd() */
  readonly stackDir?: string;
  /** Where `Secret.fromEnv` values come from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Pulumi config namespace for `Secret.fromConfig`. @default - the Pulumi project name */
  readonly configNamespace?: string;
  /** Called once per target node Pulumi realizes only in part. @default pulumi.log.warn */
  readonly onGap?: (gap: PulumiGap) => void;
}

/** What {@link realizeFargateWithPulumi} created. */
export interface FargatePulumiResources {
  /** Every resource by Pulumi name (target node ids, and `#cluster`, security groups, secret values, policies, mount targets). */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;
  /** ECS services by service name. */
  readonly services: Readonly<Record<string, aws.ecs.Service>>;
  /** Task definitions by family. */
  readonly taskDefinitions: Readonly<Record<string, aws.ecs.TaskDefinition>>;
  readonly context: FargateAwsContext;
  readonly gaps: readonly PulumiGap[];
}

/**
 * Creates the Fargate target graph's nodes as Pulumi resources (inside a Pulumi program or under
 * mocks). `portable` is the graph it was lowered from (its networks become security groups).
 */
export async function realizeFargateWithPulumi(portable: Graph, graph: FargateGraph, options: RealizeFargateOptions = {}): Promise<FargatePulumiResources> {
  // Secret values first: one that cannot be read fails before anything is created.
  const config = new pulumi.Config(options.configNamespace);
  const values = new Map(graph.nodes.flatMap((n) => (n.kind === "aws.secret" ? [[n.id, secretString(n, config, options)] as const] : [])));
  const provider = new aws.Provider(`${graph.stack}-aws`, { region: graph.region as aws.Region });
  const ctx = await lookUpAws(graph, provider);
  const base: pulumi.CustomResourceOptions = { provider };
  const resources = new Map<string, pulumi.CustomResource>();
  const keep = <R extends pulumi.CustomResource>(name: string, r: R): R => (resources.set(name, r), r);
  const of = <K extends FargateNode["kind"]>(kind: K) => graph.nodes.filter((n): n is Extract<FargateNode, { kind: K }> => n.kind === kind);
  const subnets = (lowered: readonly string[]) => (lowered.length > 0 ? [...lowered] : [...ctx.subnets]);

  // What the placeholders become: one map for every document that carries them.
  const resolutions: Record<string, pulumi.Input<string>> = { [ACCOUNT]: ctx.account, [VPC]: ctx.vpcId };
  /** Resolves a lowered value once the objects it names exist (and depends on those only). */
  const resolve = <T>(value: T): pulumi.Output<T> => (pulumi.output(resolutionsUsed(value, resolutions)) as pulumi.Output<Resolutions>).apply((r) => resolvePlaceholders(value, r));

  const cluster = keep("#cluster", new aws.ecs.Cluster("#cluster", { name: graph.cluster, tags: stackTags(graph.stack, "#cluster") }, base));
  // As Berth's engine creates it: FARGATE and FARGATE_SPOT available.
  keep("#cluster#capacity-providers", new aws.ecs.ClusterCapacityProviders("#cluster#capacity-providers", { clusterName: cluster.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"] }, base));

  // Security groups: the load balancer's, then one per network (admitting the balancer on its target groups' ports).
  const plan = securityGroups(portable, graph);
  const groups = new Map<string, aws.ec2.SecurityGroup>();
  for (const g of plan.groups) {
    const ingress = g.ingress.map((r) =>
      r.protocol === "-1"
        ? { protocol: "-1", fromPort: 0, toPort: 0, self: true }
        : r.from === "load-balancer"
          ? { protocol: "tcp", fromPort: r.port, toPort: r.port, securityGroups: [groups.get(BALANCER_GROUP)!.id] }
          : { protocol: "tcp", fromPort: r.port, toPort: r.port, cidrBlocks: [r.from === "anywhere" ? "0.0.0.0/0" : ctx.vpcCidr] },
    );
    const sg = new aws.ec2.SecurityGroup(
      g.id,
      // Egress stays open as AWS makes it (image pulls, Secrets Manager, logs): the provider would drop AWS's default rule.
      { name: g.name, description: g.description, vpcId: ctx.vpcId, ingress, egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }], tags: stackTags(graph.stack, g.source) },
      base,
    );
    groups.set(g.id, keep(g.id, sg));
  }
  const groupIds = (names: readonly string[] | undefined) => (names ?? []).map((n) => groups.get(n)!.id);

  // Objects without references first; their ARNs and ids join the resolutions.
  const secretValues: pulumi.CustomResource[] = [];
  for (const n of of("aws.secret")) {
    const s = keep(n.id, new aws.secretsmanager.Secret(n.id, { name: n.input.Name, description: n.input.Description, tags: tagMap(n.input.Tags) }, base));
    resolutions[n.arn] = s.arn;
    secretValues.push(keep(`${n.id}#value`, new aws.secretsmanager.SecretVersion(`${n.id}#value`, { secretId: s.id, secretString: values.get(n.id)! }, base)));
  }
  for (const n of of("aws.log-group")) keep(n.id, new aws.cloudwatch.LogGroup(n.id, { name: n.input.logGroupName, retentionInDays: n.input.retentionInDays, tags: tagMap(n.input.tags) }, base));
  const mounts = new Map<string, pulumi.CustomResource[]>();
  for (const n of of("aws.efs-file-system")) {
    const fs = keep(n.id, new aws.efs.FileSystem(n.id, { creationToken: n.input.CreationToken, encrypted: n.input.Encrypted, performanceMode: n.input.PerformanceMode, tags: tagMap(n.input.Tags) }, base));
    resolutions[n.fileSystemId] = fs.id;
    const sgs = [...graph.securityGroups, ...groupIds(plan.byVolume.get(n.source))];
    mounts.set(
      n.fileSystemId,
      ctx.subnets.map((subnet) => keep(`${n.id}#mount-target:${subnet}`, new aws.efs.MountTarget(`${n.id}#mount-target:${subnet}`, { fileSystemId: fs.id, subnetId: subnet, securityGroups: sgs }, base))),
    );
  }
  let namespace: aws.servicediscovery.PrivateDnsNamespace | undefined;
  for (const n of of("aws.cloud-map-namespace")) {
    namespace = keep(n.id, new aws.servicediscovery.PrivateDnsNamespace(n.id, { name: n.input.Name, description: n.input.Description, vpc: ctx.vpcId, tags: tagMap(n.input.Tags) }, base));
  }
  for (const n of of("aws.cloud-map-service")) {
    const d = n.input;
    const r = keep(
      n.id,
      new aws.servicediscovery.Service(
        n.id,
        {
          name: d.Name,
          dnsConfig: { namespaceId: namespace!.id, routingPolicy: d.DnsConfig.RoutingPolicy, dnsRecords: d.DnsConfig.DnsRecords.map((x) => ({ type: x.Type, ttl: x.TTL })) },
          healthCheckCustomConfig: { failureThreshold: d.HealthCheckCustomConfig.FailureThreshold },
          tags: tagMap(d.Tags),
        },
        base,
      ),
    );
    resolutions[n.arn] = r.arn;
  }
  for (const n of of("aws.load-balancer")) {
    const i = n.input;
    const lb = keep(
      n.id,
      new aws.lb.LoadBalancer(n.id, { name: i.Name, loadBalancerType: i.Type, internal: i.Scheme === "internal", subnets: subnets(i.Subnets), securityGroups: [...i.SecurityGroups, groups.get(BALANCER_GROUP)!.id], tags: tagMap(i.Tags) }, base),
    );
    resolutions[n.arn] = lb.arn;
  }
  for (const n of of("aws.target-group")) {
    const i = n.input;
    const tg = keep(
      n.id,
      new aws.lb.TargetGroup(n.id, { name: i.Name, protocol: i.Protocol, port: i.Port, targetType: i.TargetType, vpcId: resolve(i.VpcId), healthCheck: { path: i.HealthCheckPath }, tags: tagMap(i.Tags) }, base),
    );
    resolutions[n.arn] = tg.arn;
  }
  const listeners = new Map<string, pulumi.CustomResource[]>();
  for (const n of of("aws.listener")) {
    const i = n.input;
    const l = keep(
      n.id,
      new aws.lb.Listener(
        n.id,
        {
          loadBalancerArn: resolve(i.LoadBalancerArn),
          protocol: i.Protocol,
          port: i.Port,
          defaultActions: i.DefaultActions.map((a) => ({ type: a.Type, targetGroupArn: resolve(a.TargetGroupArn) })),
          tags: tagMap(i.Tags),
        },
        base,
      ),
    );
    listeners.set(n.source, [...(listeners.get(n.source) ?? []), l]);
  }

  // The execution role reads exactly the stack's secrets (their real ARNs) and writes its log group.
  let role: aws.iam.Role | undefined;
  let rolePolicy: aws.iam.RolePolicy | undefined;
  for (const n of of("aws.execution-role")) {
    const i = n.input;
    role = keep(n.id, new aws.iam.Role(n.id, { name: i.RoleName, assumeRolePolicy: i.AssumeRolePolicyDocument, tags: tagMap(i.Tags) }, base));
    const policy = resolve(JSON.parse(i.PolicyDocument) as unknown).apply((d) => JSON.stringify(d));
    rolePolicy = keep(`${n.id}#policy`, new aws.iam.RolePolicy(`${n.id}#policy`, { name: i.PolicyName, role: role.id, policy }, base));
  }

  // Built images (pulled ones Fargate pulls itself).
  const images = new Map<string, pulumi.CustomResource>();
  for (const img of graph.images) {
    const a = imageArgs(img);
    if (a.type === "Image") images.set(img.ref, keep(img.id, new docker.Image(img.id, a.args)));
  }

  const taskDefinitions: Record<string, aws.ecs.TaskDefinition> = {};
  const tdBySource = new Map<string, aws.ecs.TaskDefinition>();
  for (const n of of("ecs.task-definition")) {
    const i = n.input;
    // Members only some workloads set (a FargateService's task role and storage): passed through when present.
    const more = i as { taskRoleArn?: string; ephemeralStorage?: { sizeInGiB: number } };
    const uses = [...new Set(i.containerDefinitions.map((c) => c.image))].flatMap((ref) => (images.has(ref) ? [images.get(ref)!] : []));
    const td = keep(
      n.id,
      new aws.ecs.TaskDefinition(
        n.id,
        {
          family: i.family,
          networkMode: i.networkMode,
          requiresCompatibilities: [...i.requiresCompatibilities],
          cpu: i.cpu,
          memory: i.memory,
          executionRoleArn: role!.arn,
          ...(more.taskRoleArn !== undefined ? { taskRoleArn: resolve(more.taskRoleArn) } : {}),
          ...(more.ephemeralStorage ? { ephemeralStorage: { sizeInGib: more.ephemeralStorage.sizeInGiB } } : {}),
          containerDefinitions: (pulumi.output(resolutionsUsed(i.containerDefinitions, resolutions)) as pulumi.Output<Resolutions>).apply((r) => containerDefinitionsJson(i.containerDefinitions, r)),
          volumes: i.volumes.map((v) =>
            v.efsVolumeConfiguration
              ? { name: v.name, efsVolumeConfiguration: { fileSystemId: resolve(v.efsVolumeConfiguration.fileSystemId), rootDirectory: v.efsVolumeConfiguration.rootDirectory, transitEncryption: v.efsVolumeConfiguration.transitEncryption } }
              : { name: v.name },
          ),
          runtimePlatform: { operatingSystemFamily: i.runtimePlatform.operatingSystemFamily, cpuArchitecture: i.runtimePlatform.cpuArchitecture },
          tags: tagMap(i.tags),
        },
        { ...base, dependsOn: uses },
      ),
    );
    taskDefinitions[i.family] = td;
    tdBySource.set(n.source, td);
  }

  // Services after what they use and what they wait for (a Job: its task definition only).
  const services: Record<string, aws.ecs.Service> = {};
  const serviceNodes = of("ecs.service");
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const visiting = new Set<string>();
  const visit = (n: Extract<FargateNode, { kind: "ecs.service" }>): aws.ecs.Service => {
    const done = resources.get(n.id);
    if (done) return done as aws.ecs.Service;
    if (visiting.has(n.id)) throw new Error(`dependency cycle through ${n.id}`);
    visiting.add(n.id);
    const waits = graph.edges
      .filter((e) => e.from === n.source)
      .map((e) => byId.get(e.to))
      .flatMap((d): pulumi.CustomResource[] => (d?.kind === "ecs.service" ? [visit(d)] : d?.kind === "ecs.run-task" ? [tdBySource.get(d.source)!] : []));
    const i = n.input;
    const more = i as { platformVersion?: string; enableExecuteCommand?: boolean };
    const net = i.networkConfiguration.awsvpcConfiguration;
    const volumes = graph.nodes.find((x) => x.kind === "ecs.task-definition" && x.source === n.source);
    const efs = volumes?.kind === "ecs.task-definition" ? volumes.input.volumes.flatMap((v) => (v.efsVolumeConfiguration ? (mounts.get(v.efsVolumeConfiguration.fileSystemId) ?? []) : [])) : [];
    const svc = keep(
      n.id,
      new aws.ecs.Service(
        n.id,
        {
          name: i.serviceName,
          cluster: cluster.arn,
          taskDefinition: tdBySource.get(n.source)!.arn,
          desiredCount: i.desiredCount,
          launchType: i.launchType,
          networkConfiguration: { subnets: subnets(net.subnets), securityGroups: [...net.securityGroups, ...groupIds(plan.byWorkload.get(n.source))], assignPublicIp: net.assignPublicIp === "ENABLED" },
          deploymentMinimumHealthyPercent: i.deploymentConfiguration.minimumHealthyPercent,
          deploymentMaximumPercent: i.deploymentConfiguration.maximumPercent,
          deploymentCircuitBreaker: { enable: i.deploymentConfiguration.deploymentCircuitBreaker.enable, rollback: i.deploymentConfiguration.deploymentCircuitBreaker.rollback },
          ...(i.serviceRegistries?.[0] ? { serviceRegistries: { registryArn: resolve(i.serviceRegistries[0].registryArn) } } : {}),
          ...(i.loadBalancers
            ? { loadBalancers: i.loadBalancers.map((b) => ({ targetGroupArn: resolve(b.targetGroupArn), containerName: b.containerName, containerPort: b.containerPort })) }
            : {}),
          ...(i.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: i.healthCheckGracePeriodSeconds } : {}),
          ...(more.platformVersion !== undefined ? { platformVersion: more.platformVersion } : {}),
          ...(more.enableExecuteCommand !== undefined ? { enableExecuteCommand: more.enableExecuteCommand } : {}),
          propagateTags: i.propagateTags,
          enableEcsManagedTags: i.enableECSManagedTags,
          // Like Berth's engine: an update is done when the deployment is (the circuit breaker rolls a failed one back).
          waitForSteadyState: true,
          tags: tagMap(i.tags),
        },
        { ...base, dependsOn: [...(rolePolicy ? [rolePolicy] : []), ...secretValues, ...efs, ...(listeners.get(n.source) ?? []), ...waits] },
      ),
    );
    services[i.serviceName] = svc;
    return svc;
  };
  for (const n of serviceNodes) visit(n);

  const gaps = fargatePulumiGaps(graph);
  const warn = options.onGap ?? ((g: PulumiGap) => void pulumi.log.warn(`${g.path} (${g.node}): ${g.field} = ${g.found}: ${g.message}`));
  for (const g of gaps) warn(g);
  return { resources, services, taskDefinitions, context: ctx, gaps };
}
