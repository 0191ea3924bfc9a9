/**
 * Lowering for ECS/Fargate: a pure, deterministic function from the portable graph to one
 * target node per AWS object, each holding the exact API input (providers/fargate/target.ts).
 * Every semantic decision for this target lives here and in the files it calls, one concept
 * each: container.ts (container definitions, secret files), task.ts (task size, deployments),
 * sizing.ts (valid Fargate sizes), stack-objects.ts (log group, execution role, secrets, Cloud
 * Map, EFS), names.ts (names, ARNs, tags).
 *
 * Per workload: a task definition (family `<stack>-<name>`, awsvpc, FARGATE) and an ECS service
 * (Service, Container) or a RunTask input (Job). Workloads answer at `<name>.<stack>.internal`
 * (Cloud Map), so a hostname reference resolves to that. Secure defaults Fargate cannot honour
 * (no-new-privileges: dockerSecurityOptions is not valid on Fargate) are not emitted.
 */
import { refuseForeignConstructs } from "../shared/target-only.ts";
import { BerthError } from "../../sdk/core/errors.ts";
import { contentHash } from "../../sdk/graph/canonical.ts";
import { parseOptionsFor } from "../../sdk/graph/parse-options.ts";
import type { Graph, GraphNode } from "../../sdk/graph/schema.ts";
import { isFargateService, isWorkload } from "../../sdk/graph/schema.ts";
import { isDiscoverable, lowerFargateService } from "./fargate-service.ts";
import type { DockerImageNode } from "../shared/docker-api/image-node.ts";
import { lowerImageFields } from "../shared/docker-api/lower.ts";
import type { ContainerDefinition, TaskVolume } from "./api.ts";
import { lowerContainers } from "./container.ts";
import { ACCOUNT, awsTags, ecsTags, ownership, type StackNames } from "./names.ts";
import { loadBalancer, publishedPorts } from "./load-balancer.ts";
import { discoveryService, executionRole, fileSystem, logGroup, namespace, secretNode, valueFrom } from "./stack-objects.ts";
import { deploymentConfiguration, taskSize } from "./task.ts";
import { FARGATE_SCHEMA_VERSION, FargateGraph, type FargateEdge, type FargateNode } from "./target.ts";

/** Options of {@link lowerFargate}. */
export interface LowerFargateOptions {
  /** Directory build contexts are relative to. @default "." */
  readonly stackDir?: string;
  /** Content hash of each build context by image node id. @default - the image node's spec hash */
  readonly contextHashes?: Readonly<Record<string, string>>;
  /** The AWS account id, when known (the engine asks STS). @default "<account>", a placeholder */
  readonly account?: string;
}

/** A target node before it is sealed with its hash and tags (distributed over the node kinds). */
type Unsealed = FargateNode extends infer N ? (N extends FargateNode ? Omit<N, "hash"> : never) : never;

/**
 * Seals a node: its hash covers everything but the tags, which then carry it (`berth.spec-hash`)
 * with the stack and the portable node, in the shape the node's API takes.
 */
function seal(stack: string, node: Unsealed): FargateNode {
  const hash = contentHash(node);
  const tags = ownership(stack, node.source, hash);
  const input = node.input as Record<string, unknown>;
  const tagged = "Tags" in input ? { ...input, Tags: awsTags(tags) } : node.kind === "aws.log-group" ? { ...input, tags } : { ...input, tags: ecsTags(tags) };
  return { ...node, hash, input: tagged } as FargateNode;
}

/** Lowers a portable graph whose target is `fargate` into the Fargate target graph. */
export function lowerFargate(graph: Graph, options: LowerFargateOptions = {}): FargateGraph {
  const target = graph.stack.target;
  if (target.kind !== "fargate") throw new Error(`lowerFargate: the stack's target is ${target.kind}, not fargate`);
  refuseForeignConstructs(graph, "fargate");
  const stack = graph.stack.name;
  const s: StackNames = { stack, region: target.region, account: options.account ?? ACCOUNT };
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: FargateNode[] = [];
  const add = (n: Unsealed): void => void nodes.push(seal(stack, n));
  const workloads = graph.nodes.filter(isWorkload);
  const discoverable = workloads.filter((w) => w.spec.kind !== "job" && w.spec.ports.length > 0);
  const fargateServices = graph.nodes.filter(isFargateService);

  const images: DockerImageNode[] = [];
  const imageRefs = new Map<string, string>();
  const secrets = new Map<string, string>();
  const volumes = new Map<string, TaskVolume>();
  for (const n of graph.nodes) {
    const spec = n.spec;
    if (spec.kind === "image") {
      const fields = lowerImageFields(n, graph, options);
      images.push({ ...fields, hash: contentHash(fields) });
      imageRefs.set(n.id, fields.ref);
    } else if (spec.kind === "secret") {
      const sn = n as GraphNode & { spec: typeof spec };
      secrets.set(n.id, valueFrom(s, sn));
      const own = secretNode(s, sn);
      if (own) add(own);
    } else if (spec.kind === "volume") {
      const fs = fileSystem(s, n);
      add(fs);
      volumes.set(n.id, { name: n.name, efsVolumeConfiguration: { fileSystemId: fs.fileSystemId, rootDirectory: "/", transitEncryption: "ENABLED" } });
    } else if (spec.kind === "swarm-service") {
      throw new BerthError({
        code: "fargate.swarm-service",
        path: n.path,
        field: "construct",
        found: n.construct,
        message: `${n.id} is a SwarmService, a swarm-only construct; ECS cannot run a Docker Engine ServiceSpec.`,
        fix: "use a portable Service, or deploy this stack to Swarm",
      });
    }
  }
  if (workloads.length + fargateServices.length > 0) {
    add(logGroup(s, graph.stack.profile));
    add(executionRole(s, [...secrets.values()]));
  }
  if (discoverable.length > 0 || fargateServices.some(isDiscoverable)) add(namespace(s));
  const hostnames = new Set(discoverable.map((w) => w.id));
  const hostname = (id: string): string => `${byId.get(id)?.name ?? id}.${stack}.internal`;
  for (const w of discoverable) add(discoveryService(s, w));

  const network = {
    awsvpcConfiguration: { subnets: [...target.subnets], securityGroups: [...target.securityGroups], assignPublicIp: "DISABLED" as "ENABLED" | "DISABLED" },
  };
  // Published ports go through the stack's load balancer (internet-facing only when a workload
  // that publishes asks for public exposure).
  const publishing = workloads.filter((w) => w.spec.kind !== "job" && w.spec.ports.some((p) => p.published !== undefined && p.protocol === "tcp"));
  const balancer = publishing.length > 0 ? loadBalancer(s, target.subnets, target.securityGroups, publishing.some((w) => w.spec.targetOptions.fargate?.assignPublicIp === true)) : undefined;
  if (balancer) add(balancer);
  const role = nodes.find((n) => n.kind === "aws.execution-role");
  const logs = nodes.find((n) => n.kind === "aws.log-group");
  for (const w of workloads) {
    const spec = w.spec;
    const taskVolumes: TaskVolume[] = [];
    const mounts: ContainerDefinition["mountPoints"] = [];
    for (const v of spec.volumes) {
      const vol = volumes.get(v.volume);
      if (!vol) throw new Error(`lowering: ${w.id} mounts unknown volume ${v.volume}`);
      if (!taskVolumes.some((t) => t.name === vol.name)) taskVolumes.push(vol);
      mounts.push({ sourceVolume: vol.name, containerPath: v.path, readOnly: v.readOnly });
    }
    // tmpfs: Fargate has no linuxParameters.tmpfs; an ephemeral task volume is the nearest (disk-backed).
    spec.tmpfs.forEach((t, i) => {
      taskVolumes.push({ name: `tmpfs-${i}` });
      mounts.push({ sourceVolume: `tmpfs-${i}`, containerPath: t.path, readOnly: false });
    });
    const lowered = lowerContainers(w, { images: imageRefs, secrets, byId, hostname, logGroup: logs!.input.logGroupName, region: s.region }, mounts);
    const size = taskSize(w);
    const family = `${stack}-${w.name}`;
    const base = { source: w.id, path: w.path };
    add({
      kind: "ecs.task-definition",
      id: `${w.id}#task-definition`,
      ...base,
      name: family,
      input: {
        family,
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: String(size.cpu),
        memory: String(size.memoryMiB),
        executionRoleArn: role!.arn,
        containerDefinitions: lowered.containers,
        volumes: [...lowered.volumes, ...taskVolumes],
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
        tags: [],
      },
    });
    const awsvpc = { awsvpcConfiguration: { ...network.awsvpcConfiguration, assignPublicIp: spec.targetOptions.fargate?.assignPublicIp ? ("ENABLED" as const) : ("DISABLED" as const) } };
    if (spec.kind === "job") {
      add({
        kind: "ecs.run-task",
        id: w.id,
        ...base,
        name: family,
        input: { cluster: target.cluster, taskDefinition: family, count: 1, launchType: "FARGATE", networkConfiguration: awsvpc, startedBy: `berth/${stack}`, propagateTags: "TASK_DEFINITION", enableECSManagedTags: true, tags: [] },
        ...(spec.job?.deadlineMs !== undefined ? { deadlineMs: spec.job.deadlineMs } : {}),
        retries: spec.job?.retries ?? 0,
      });
      continue;
    }
    const desired = spec.kind === "container" ? 1 : spec.replicas;
    const discovery = nodes.find((n) => n.kind === "aws.cloud-map-service" && n.source === w.id);
    const published = balancer ? publishedPorts(s, w, balancer.arn, w.name) : [];
    for (const p of published) {
      add(p.targetGroup);
      add(p.listener);
    }
    add({
      kind: "ecs.service",
      id: w.id,
      ...base,
      name: w.name,
      role: spec.kind,
      input: {
        cluster: target.cluster,
        serviceName: w.name,
        taskDefinition: family,
        desiredCount: desired,
        launchType: "FARGATE",
        networkConfiguration: awsvpc,
        deploymentConfiguration: deploymentConfiguration(w, desired),
        ...(discovery?.kind === "aws.cloud-map-service" && hostnames.has(w.id) ? { serviceRegistries: [{ registryArn: discovery.arn }] } : {}),
        ...(published.length > 0 ? { loadBalancers: published.map((p) => ({ ...p.binding })) } : {}),
        propagateTags: "SERVICE",
        enableECSManagedTags: true,
        tags: [],
      },
    });
  }

  for (const n of fargateServices) {
    lowerFargateService(n, { s, cluster: target.cluster, subnets: target.subnets, securityGroups: target.securityGroups, images: imageRefs, secrets, logGroup: logs!.input.logGroupName, executionRoleArn: role!.arn, add });
  }

  const key = (e: FargateEdge) => `${e.from}\u0000${e.to}\u0000${e.condition}`;
  const edges = [
    ...new Map(
      graph.edges
        .filter((e) => e.kind === "depends" && byId.has(e.from) && byId.has(e.to))
        .map((e): FargateEdge => ({ from: e.from, to: e.to, condition: e.condition ?? "started" }))
        .map((e) => [key(e), e]),
    ).values(),
  ].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  images.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return FargateGraph.parse(
    {
      schemaVersion: FARGATE_SCHEMA_VERSION,
      stack,
      environment: graph.stack.environment,
      profile: graph.stack.profile,
      cluster: target.cluster,
      region: target.region,
      subnets: [...target.subnets],
      securityGroups: [...target.securityGroups],
      images,
      nodes,
      edges,
    },
    parseOptionsFor(nodes.length),
  );
}
