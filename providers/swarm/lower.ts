/**
 * Lowering for swarm mode: a pure function from the portable graph
 * to swarm.* nodes whose bodies are Engine API 1.41 `ServiceSpec`s. Every semantic decision
 * for this target lives here; the engine, Pulumi and the stack-file export only translate.
 *
 * Decisions worth knowing:
 * - Services without ingress-published ports use DNS round-robin endpoints (`dnsrr`): clients
 *   resolve task addresses directly, which needs no kernel IPVS (minimal kernels, such as this
 *   project's CI VMs, have none) and lists a task only while it runs and is healthy. Ingress
 *   publishing requires a virtual IP, so services publishing in ingress mode keep `vip`.
 * - A service publishing in host mode is updated stop-first: two tasks on one node cannot bind
 *   one host port, so start-first could never converge there.
 * - A service mounting a volume is pinned to the node holding it (swarm volumes are local to
 *   a node). On a single-node swarm `node.role==manager` pins it; on several nodes pass
 *   `volumeConstraint` (e.g. `node.hostname==db-1`).
 * - Secret and config names carry a content version, `<stack>-<name>-<hash8>`; secret values
 *   are hashed by the engine at apply time and passed in as `secretVersions`.
 */
import { refuseForeignConstructs } from "../shared/target-only.ts";
import { contentHash } from "../../sdk/graph/canonical.ts";
import type { Graph, GraphNode, UpdateConfig, WorkloadGraphNode } from "../../sdk/graph/schema.ts";
import { isSwarmService, isWorkload } from "../../sdk/graph/schema.ts";
import { lowerSwarmService } from "./lower-swarm-service.ts";
import { BERTH_VERSION, LABELS } from "../shared/labels.ts";
import type { DockerImageNode } from "../shared/docker-api/image-node.ts";
import { lowerEnvValue, lowerHealthcheck, lowerImageFields, numericUser } from "../shared/docker-api/lower.ts";
import {
  SWARM_SCHEMA_VERSION,
  SwarmGraph,
  type ServiceSpec,
  type SwarmConfigNode,
  type SwarmEdge,
  type SwarmMount,
  type SwarmNetworkNode,
  type SwarmNode,
  type SwarmSecretNode,
  type SwarmServiceNode,
  type SwarmUpdateConfig,
  type SwarmVolumeNode,
} from "./target.ts";
import { parseOptionsFor } from "../../sdk/graph/parse-options.ts";

/** Options of {@link lowerSwarm}. */
export interface LowerSwarmOptions {
  /** Directory build contexts are relative to. @default "." */
  readonly stackDir?: string;
  /** Content hash of each build context by image node id. @default - the image node's spec hash */
  readonly contextHashes?: Readonly<Record<string, string>>;
  /** Hash of each secret's value by secret node id (the engine computes it). @default - a hash of the secret's source reference */
  readonly secretVersions?: Readonly<Record<string, string>>;
  /** Placement constraint pinning services that mount a volume. @default "node.role==manager" */
  readonly volumeConstraint?: string;
  /** Value of the `berth.version` label. @default BERTH_VERSION */
  readonly version?: string;
}

/** Id of the overlay network workloads without networks join (so hostname references resolve). */
export const DEFAULT_NETWORK_ID = "#default-network";
const NS = 1_000_000;
/** Swarm's own default restart delay (5 s), written out so every realizer agrees. */
const RESTART_DELAY_NS = 5_000_000_000;

/** Lowers a portable graph whose target is `swarm` into the swarm target graph. */
export function lowerSwarm(graph: Graph, options: LowerSwarmOptions = {}): SwarmGraph {
  const target = graph.stack.target;
  if (target.kind !== "swarm") throw new Error(`lowerSwarm: the stack's target is ${target.kind}, not swarm`);
  refuseForeignConstructs(graph, "swarm");
  const stack = graph.stack.name;
  const app = graph.stack.labels.app ?? stack;
  const version = options.version ?? BERTH_VERSION;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: SwarmNode[] = [];
  const own = (id: string, source: string, kind: string, extra: Record<string, string> = {}): Record<string, string> => ({
    ...graph.stack.labels,
    ...extra,
    [LABELS.app]: app,
    [LABELS.stack]: stack,
    [LABELS.node]: id,
    [LABELS.source]: source,
    [LABELS.kind]: kind,
  });
  /** Seals a node: hash over everything but the hash and version labels, then adds both. */
  const seal = <T extends SwarmNode>(node: Omit<T, "hash">): T => {
    const hash = contentHash(node);
    return withLabels({ ...node, hash } as T, { [LABELS.specHash]: hash, [LABELS.version]: version });
  };

  const workloads = graph.nodes.filter(isWorkload);
  const swarmServices = graph.nodes.filter(isSwarmService);
  const networkName = new Map<string, string>();
  if (workloads.some((w) => w.spec.networks.length === 0 && !w.spec.hostNetwork) || swarmServices.some((n) => n.spec.networks.length === 0)) {
    const name = `${stack}-default`;
    networkName.set(DEFAULT_NETWORK_ID, name);
    nodes.push(seal<SwarmNetworkNode>({ kind: "swarm.network", id: DEFAULT_NETWORK_ID, source: DEFAULT_NETWORK_ID, path: `${stack}/default`, name, create: { Name: name, Driver: "overlay", Attachable: true, Internal: false, Labels: sorted(own(DEFAULT_NETWORK_ID, DEFAULT_NETWORK_ID, "swarm.network")) } }));
  }
  const volumes = new Map<string, SwarmVolumeNode>();
  const secrets = new Map<string, SwarmSecretNode>();
  const configs = new Map<string, SwarmConfigNode>();
  const images = new Map<string, DockerImageNode>();
  for (const n of graph.nodes) {
    const s = n.spec;
    if (s.kind === "network") {
      const name = `${stack}-${n.name}`;
      networkName.set(n.id, name);
      nodes.push(seal<SwarmNetworkNode>({ kind: "swarm.network", id: n.id, source: n.id, path: n.path, name, create: { Name: name, Driver: "overlay", Attachable: true, Internal: s.internal, Labels: sorted(own(n.id, n.id, "swarm.network", s.labels)) } }));
    } else if (s.kind === "volume") {
      const v = seal<SwarmVolumeNode>({ kind: "swarm.volume", id: n.id, source: n.id, path: n.path, name: `${stack}-${n.name}`, constraint: options.volumeConstraint ?? "node.role==manager", labels: sorted(own(n.id, n.id, "swarm.volume", s.labels)) });
      volumes.set(n.id, v);
      nodes.push(v);
    } else if (s.kind === "secret") {
      const ver = (options.secretVersions?.[n.id] ?? contentHash(s.source)).slice(0, 8);
      const v = seal<SwarmSecretNode>({ kind: "swarm.secret", id: n.id, source: n.id, path: n.path, name: `${stack}-${n.name}-${ver}`, from: s.source, version: ver, labels: sorted(own(n.id, n.id, "swarm.secret")) });
      secrets.set(n.id, v);
      nodes.push(v);
    } else if (s.kind === "config") {
      const ver = contentHash(s.content).slice(0, 8);
      const v = seal<SwarmConfigNode>({ kind: "swarm.config", id: n.id, source: n.id, path: n.path, name: `${stack}-${n.name}-${ver}`, content: s.content, version: ver, labels: sorted(own(n.id, n.id, "swarm.config")) });
      configs.set(n.id, v);
      nodes.push(v);
    } else if (s.kind === "image") {
      const fields = lowerImageFields(n, graph, options);
      const img: DockerImageNode = { ...fields, hash: contentHash(fields) };
      images.set(n.id, img);
      nodes.push(img);
    }
  }

  for (const w of workloads) {
    const body = lowerService(w, { graph, byId, networkName, volumes, secrets, configs, images, labels: own(w.id, w.id, "swarm.service", w.spec.labels) });
    nodes.push(seal<SwarmServiceNode>(body));
  }
  for (const n of swarmServices) {
    const body = lowerSwarmService(n, { graph, byId, networkName, volumes, secrets, configs, images, labels: own(n.id, n.id, "swarm.service", n.spec.spec.Labels) });
    nodes.push(seal<SwarmServiceNode>(body));
  }

  const edges: SwarmEdge[] = graph.edges
    .filter((e) => e.kind === "depends" && byId.has(e.from) && byId.has(e.to))
    .map((e) => ({ from: e.from, to: e.to, condition: e.condition ?? "started" }));
  const key = (e: SwarmEdge) => `${e.from}\u0000${e.to}\u0000${e.condition}`;
  const uniqueEdges = [...new Map(edges.map((e) => [key(e), e])).values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return SwarmGraph.parse({
    schemaVersion: SWARM_SCHEMA_VERSION,
    stack,
    app,
    environment: graph.stack.environment,
    ...(target.host ? { host: target.host } : {}),
    nodes,
    edges: uniqueEdges,
  }, parseOptionsFor(nodes.length));
}

/** What lowering a service needs besides its node: the graph and the nodes lowered so far. */
export interface ServiceContext {
  readonly graph: Graph;
  readonly byId: ReadonlyMap<string, GraphNode>;
  readonly networkName: ReadonlyMap<string, string>;
  readonly volumes: ReadonlyMap<string, SwarmVolumeNode>;
  readonly secrets: ReadonlyMap<string, SwarmSecretNode>;
  readonly configs: ReadonlyMap<string, SwarmConfigNode>;
  readonly images: ReadonlyMap<string, DockerImageNode>;
  readonly labels: Record<string, string>;
}

function lowerService(w: WorkloadGraphNode, c: ServiceContext): Omit<SwarmServiceNode, "hash"> {
  const s = w.spec;
  const stack = c.graph.stack.name;
  const name = `${stack}-${w.name}`;
  const image = c.images.get(s.image);
  if (!image) throw new Error(`lowerSwarm: ${w.id} uses unknown image ${s.image}`);
  const { uid, gid } = numericUser(s.user);
  const swarm = s.targetOptions.swarm ?? {};
  const publishMode = swarm.publishMode ?? "ingress";

  const env = Object.keys(s.env)
    .sort()
    .map((k) => `${k}=${lowerEnvValue(s.env[k]!, c.byId)}`);
  const ports = s.ports
    .filter((p) => p.published !== undefined)
    .map((p) => ({ Protocol: p.protocol, TargetPort: p.container, PublishedPort: p.published!, PublishMode: publishMode }));
  const mounts: SwarmMount[] = [
    ...s.volumes.map((m): SwarmMount => {
      const v = c.volumes.get(m.volume);
      if (!v) throw new Error(`lowerSwarm: ${w.id} mounts unknown volume ${m.volume}`);
      return { Type: "volume", Source: v.name, Target: m.path, ReadOnly: m.readOnly, VolumeOptions: { Labels: withoutSeal(v.labels), DriverConfig: { Name: "local" } } };
    }),
    ...s.binds.map((b): SwarmMount => ({ Type: "bind", Source: b.source, Target: b.path, ReadOnly: b.readOnly })),
    ...s.tmpfs.map((t): SwarmMount => ({ Type: "tmpfs", Target: t.path, ReadOnly: false, ...(t.sizeBytes ? { TmpfsOptions: { SizeBytes: t.sizeBytes } } : {}) })),
  ];
  const secretRefs = s.secrets.map((m) => {
    const sec = c.secrets.get(m.secret);
    if (!sec) throw new Error(`lowerSwarm: ${w.id} mounts unknown secret ${m.secret}`);
    return { File: { Name: m.target, UID: String(uid), GID: String(gid), Mode: m.mode }, SecretName: sec.name };
  });
  const configRefs = s.configs.map((m) => {
    const cfg = c.configs.get(m.config);
    if (!cfg) throw new Error(`lowerSwarm: ${w.id} mounts unknown config ${m.config}`);
    return { File: { Name: m.target, UID: String(uid), GID: String(gid), Mode: m.mode }, ConfigName: cfg.name };
  });
  const netIds = s.hostNetwork ? [] : s.networks.length === 0 ? [DEFAULT_NETWORK_ID] : s.networks;
  const networks = s.hostNetwork
    ? [{ Target: "host", Aliases: [] }]
    : netIds.map((id) => ({ Target: c.networkName.get(id) ?? `${stack}-${c.byId.get(id)?.name ?? id}`, Aliases: [w.name] }));
  const restart = s.restart ?? (s.kind === "job" ? { policy: "on-failure" as const, maxAttempts: 3 } : { policy: "unless-stopped" as const });
  const condition = restart.policy === "no" ? "none" : restart.policy === "on-failure" ? "on-failure" : "any";
  const constraints = [...(swarm.constraints ?? [])];
  for (const m of s.volumes) {
    const pin = c.volumes.get(m.volume)!.constraint;
    if (!constraints.includes(pin)) constraints.push(pin);
  }
  const hostPublished = ports.some((p) => p.PublishMode === "host");
  const update = (u: UpdateConfig | undefined): SwarmUpdateConfig | undefined =>
    u && {
      Parallelism: u.parallelism,
      Delay: u.delayMs * NS,
      FailureAction: u.failureAction,
      Monitor: u.monitorMs * NS,
      MaxFailureRatio: u.maxFailureRatio,
      Order: hostPublished ? "stop-first" : u.order,
    };
  const r = s.resources;
  const spec: ServiceSpec = {
    Name: name,
    Labels: sorted(c.labels),
    TaskTemplate: {
      ContainerSpec: {
        Image: image.ref,
        Labels: sorted({ [LABELS.app]: c.labels[LABELS.app]!, [LABELS.stack]: stack, [LABELS.node]: w.id }),
        ...(s.entrypoint ? { Command: [...s.entrypoint] } : {}),
        ...(s.command ? { Args: [...s.command] } : {}),
        ...(s.workingDir ? { Dir: s.workingDir } : {}),
        Env: env,
        ...(s.user ? { User: s.user } : {}),
        ReadOnly: s.readOnlyRootFilesystem,
        Init: s.init,
        CapabilityDrop: [...s.capabilities.drop],
        CapabilityAdd: [...s.capabilities.add],
        ...(s.healthcheck ? { Healthcheck: lowerHealthcheck(s.healthcheck.test, s.healthcheck) } : {}),
        ...(s.stopGracePeriodMs !== undefined ? { StopGracePeriod: s.stopGracePeriodMs * NS } : {}),
        Mounts: mounts,
        Secrets: secretRefs,
        Configs: configRefs,
      },
      Resources: {
        Limits: {
          ...(r.cpu !== undefined ? { NanoCPUs: Math.round(r.cpu * 1e9) } : {}),
          ...(r.memoryBytes !== undefined ? { MemoryBytes: r.memoryBytes } : {}),
          ...(r.pids !== undefined ? { Pids: r.pids } : {}),
        },
        Reservations: {
          ...(r.cpuReservation !== undefined ? { NanoCPUs: Math.round(r.cpuReservation * 1e9) } : {}),
          ...(r.memoryReservationBytes !== undefined ? { MemoryBytes: r.memoryReservationBytes } : {}),
        },
      },
      RestartPolicy: { Condition: condition, Delay: RESTART_DELAY_NS, MaxAttempts: condition === "on-failure" ? (restart.maxAttempts ?? 0) : 0 },
      Placement: {
        Constraints: constraints,
        Preferences: (swarm.preferences ?? []).map((p) => ({ Spread: { SpreadDescriptor: p } })),
      },
      Networks: networks,
      LogDriver: { Name: s.logging?.driver ?? "json-file", Options: { ...(s.logging?.options ?? {}) } },
    },
    Mode: s.kind === "job" ? { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } } : { Replicated: { Replicas: s.kind === "container" ? 1 : s.replicas } },
    ...(s.kind !== "job" && s.update ? { UpdateConfig: update(s.update)! } : {}),
    ...(s.kind !== "job" && s.rollback ? { RollbackConfig: update(s.rollback)! } : {}),
    EndpointSpec: { Mode: ports.some((p) => p.PublishMode === "ingress") ? "vip" : "dnsrr", Ports: ports },
  };
  return {
    kind: "swarm.service",
    id: w.id,
    source: w.id,
    path: w.path,
    name,
    role: s.kind,
    image: s.image,
    secrets: s.secrets.map((m) => m.secret),
    configs: s.configs.map((m) => m.config),
    ...(s.kind === "job" && s.job?.deadlineMs !== undefined ? { deadlineMs: s.job.deadlineMs } : {}),
    spec,
  };
}

/** Sets the ownership labels of a sealed node where its kind keeps them. */
function withLabels<T extends SwarmNode>(node: T, extra: Record<string, string>): T {
  switch (node.kind) {
    case "swarm.network":
      return { ...node, create: { ...node.create, Labels: sorted({ ...node.create.Labels, ...extra }) } };
    case "swarm.service":
      return { ...node, spec: { ...node.spec, Labels: sorted({ ...node.spec.Labels, ...extra }) } };
    case "swarm.secret":
    case "swarm.config":
    case "swarm.volume":
      return { ...node, labels: sorted({ ...node.labels, ...extra }) };
    default:
      return node;
  }
}

/** Labels without the spec-hash and version labels (a mount must not change when only those do). */
function withoutSeal(labels: Readonly<Record<string, string>>): Record<string, string> {
  const { [LABELS.specHash]: _h, [LABELS.version]: _v, ...rest } = labels;
  void _h;
  void _v;
  return rest;
}

function sorted(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]!]));
}
