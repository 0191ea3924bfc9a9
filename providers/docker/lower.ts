/**
 * Lowering for the Docker host target: a pure function from
 * the portable graph to docker.* nodes. Every semantic decision for this target lives here.
 */
import { contentHash } from "../../sdk/graph/canonical.ts";
import type { Graph, GraphNode, WorkloadGraphNode } from "../../sdk/graph/schema.ts";
import { isWorkload } from "../../sdk/graph/schema.ts";
import { BerthError } from "../../sdk/core/errors.ts";
import { refuseForeignConstructs } from "../shared/target-only.ts";
import { lowerEnvValue, lowerHealthcheck, lowerImageFields, numericUser } from "../shared/docker-api/lower.ts";
import {
  BERTH_VERSION,
  DOCKER_SCHEMA_VERSION,
  DockerGraph,
  LABELS,
  type ContainerCreate,
  type DockerContainerNode,
  type DockerEdge,
  type DockerFileNode,
  type DockerImageNode,
  type DockerMount,
  type DockerNetworkNode,
  type DockerNode,
  type DockerVolumeNode,
} from "./target.ts";
import { parseOptionsFor } from "../../sdk/graph/parse-options.ts";

/** Options of {@link lowerDocker}. */
export interface LowerDockerOptions {
  /** Directory build contexts are relative to. @default "." (the working directory) */
  readonly stackDir?: string;
  /** Root of Berth's state on the docker host; files go under `<stateDir>/<stack>`. @default "/var/lib/berth" */
  readonly stateDir?: string;
  /** Content hash of each build context by image node id (images.ts computes it). @default - the image node's spec hash */
  readonly contextHashes?: Readonly<Record<string, string>>;
  /** Value of the `berth.version` label. @default BERTH_VERSION */
  readonly version?: string;
}

/** Id of the network workloads without networks join (so hostname references resolve). */
export const DEFAULT_NETWORK_ID = "#default-network";

/** Lowers a portable graph whose target is `docker-host` into the Docker host target graph. */
export function lowerDocker(graph: Graph, options: LowerDockerOptions = {}): DockerGraph {
  const target = graph.stack.target;
  if (target.kind !== "docker-host") throw new Error(`lowerDocker: the stack's target is ${target.kind}, not docker-host`);
  const swarmOnly = graph.nodes.filter((n) => n.spec.kind === "swarm-service");
  if (swarmOnly.length > 0) {
    throw new BerthError(swarmOnly.map((n) => ({
      code: "portability.target.swarm-service",
      path: n.path,
      field: "kind",
      found: '"swarm-service"',
      message: `${n.construct} '${n.id.slice(n.id.lastIndexOf("/") + 1)}' is a swarm-only construct; a Docker host has no swarm services.`,
      fix: "Use a portable Service for it, or deploy this stack with the Swarm target (berth check reports this before anything runs).",
    })));
  }
  refuseForeignConstructs(graph, "docker-host");
  const stack = graph.stack.name;
  const app = graph.stack.labels.app ?? stack;
  const version = options.version ?? BERTH_VERSION;
  const filesDir = `${options.stateDir ?? "/var/lib/berth"}/${stack}`;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: DockerNode[] = [];
  const edges: DockerEdge[] = [];
  const replicaIds = new Map<string, string[]>();
  const images = new Map<string, DockerImageNode>();

  /** Adds ownership labels and the spec hash (computed without the hash and the version). */
  const seal = <T extends DockerNode>(node: Omit<T, "hash">, labels: Record<string, string>): T => {
    const own = { ...graph.stack.labels, ...labels, [LABELS.app]: app, [LABELS.stack]: stack, [LABELS.node]: node.id, [LABELS.source]: node.source, [LABELS.kind]: node.kind };
    const withLabels = setLabels(node, own);
    const hash = contentHash(withLabels);
    return { ...setLabels(withLabels, { ...own, [LABELS.specHash]: hash, [LABELS.version]: version }), hash } as unknown as T;
  };

  const workloads = graph.nodes.filter(isWorkload);
  if (workloads.some((w) => w.spec.networks.length === 0 && !w.spec.hostNetwork)) {
    const name = `${stack}-default`;
    nodes.push(seal<DockerNetworkNode>({ kind: "docker.network", id: DEFAULT_NETWORK_ID, source: DEFAULT_NETWORK_ID, path: `${stack}/default`, name, create: { Name: name, Driver: "bridge", Internal: false, Attachable: false, Labels: {} } }, {}));
  }

  for (const n of graph.nodes) {
    const s = n.spec;
    if (s.kind === "network") {
      const name = `${stack}-${n.name}`;
      nodes.push(seal<DockerNetworkNode>({ kind: "docker.network", id: n.id, source: n.id, path: n.path, name, create: { Name: name, Driver: "bridge", Internal: s.internal, Attachable: false, Labels: {} } }, s.labels));
    } else if (s.kind === "volume") {
      const name = `${stack}-${n.name}`;
      nodes.push(seal<DockerVolumeNode>({ kind: "docker.volume", id: n.id, source: n.id, path: n.path, name, create: { Name: name, Driver: "local", Labels: {} } }, s.labels));
    } else if (s.kind === "image") {
      const image = seal<DockerImageNode>(lowerImageFields(n, graph, options), {});
      images.set(n.id, image);
      nodes.push(image);
    }
  }

  for (const w of workloads) {
    const s = w.spec;
    const { uid, gid } = numericUser(s.user);
    const files: DockerFileNode[] = [];
    for (const m of s.secrets) {
      const secret = byId.get(m.secret);
      if (!secret || secret.spec.kind !== "secret") throw new Error(`lowerDocker: ${w.id} mounts unknown secret ${m.secret}`);
      const base = m.target.startsWith("/") ? m.target.slice(m.target.lastIndexOf("/") + 1) : m.target;
      const dir = contentHash({ workload: w.id, secret: m.secret, target: m.target, uid, gid }).slice(0, 16);
      const hostPath = `${filesDir}/secrets/${dir}/${base}`;
      files.push(seal<DockerFileNode>({
        kind: "docker.file", id: `${w.id}#secret:${m.target}`, source: m.secret, path: w.path, name: hostPath, hostPath,
        containerPath: m.target.startsWith("/") ? m.target : `/run/secrets/${m.target}`, uid, gid, mode: m.mode,
        content: { kind: "secret", secret: m.secret, from: secret.spec.source },
      }, {}));
    }
    for (const m of s.configs) {
      const config = byId.get(m.config);
      if (!config || config.spec.kind !== "config") throw new Error(`lowerDocker: ${w.id} mounts unknown config ${m.config}`);
      const base = m.target.startsWith("/") ? m.target.slice(m.target.lastIndexOf("/") + 1) : m.target;
      const dir = contentHash({ workload: w.id, config: m.config, target: m.target, uid, gid }).slice(0, 16);
      const hostPath = `${filesDir}/configs/${dir}/${base}`;
      files.push(seal<DockerFileNode>({
        kind: "docker.file", id: `${w.id}#config:${m.target}`, source: m.config, path: w.path, name: hostPath, hostPath,
        containerPath: m.target.startsWith("/") ? m.target : `/${m.target}`, uid, gid, mode: m.mode,
        content: { kind: "config", config: m.config, text: config.spec.content },
      }, {}));
    }
    nodes.push(...files);

    const count = s.kind === "service" ? s.replicas : 1;
    const ids: string[] = [];
    for (let i = 1; i <= count; i++) {
      const node = seal<DockerContainerNode>(lowerContainer(w, i, { graph, byId, files, images }), s.labels);
      nodes.push(node);
      ids.push(node.id);
      edges.push({ from: node.id, to: s.image, condition: "created" });
      for (const f of files) edges.push({ from: node.id, to: f.id, condition: "created" });
      for (const v of s.volumes) edges.push({ from: node.id, to: v.volume, condition: "created" });
      const nets = s.networks.length === 0 && !s.hostNetwork ? [DEFAULT_NETWORK_ID] : s.networks;
      for (const net of nets) edges.push({ from: node.id, to: net, condition: "created" });
    }
    replicaIds.set(w.id, ids);
  }

  for (const e of graph.edges) {
    if (e.kind !== "depends") continue;
    for (const from of replicaIds.get(e.from) ?? []) {
      for (const to of replicaIds.get(e.to) ?? []) edges.push({ from, to, condition: e.condition ?? "started" });
    }
  }

  const key = (e: DockerEdge) => `${e.from}\u0000${e.to}\u0000${e.condition}`;
  const uniqueEdges = [...new Map(edges.map((e) => [key(e), e])).values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return DockerGraph.parse({
    schemaVersion: DOCKER_SCHEMA_VERSION,
    stack,
    app,
    environment: graph.stack.environment,
    ...(target.host ? { host: target.host } : {}),
    filesDir,
    nodes,
    edges: uniqueEdges,
  }, parseOptionsFor(nodes.length));
}

interface ContainerContext {
  readonly graph: Graph;
  readonly byId: ReadonlyMap<string, GraphNode>;
  readonly files: readonly DockerFileNode[];
  readonly images: ReadonlyMap<string, DockerImageNode>;
}

function lowerContainer(w: WorkloadGraphNode, replica: number, c: ContainerContext): Omit<DockerContainerNode, "hash"> {
  const s = w.spec;
  const stack = c.graph.stack.name;
  const name = `${stack}-${w.name}-${replica}`;
  if (!c.images.has(s.image)) throw new Error(`lowerDocker: ${w.id} uses unknown image ${s.image}`);
  const target = c.graph.stack.target;
  const defaultBind = (target.kind === "docker-host" ? target.bindAddress : undefined) ?? (c.graph.stack.profile === "dev" ? "127.0.0.1" : "0.0.0.0");

  const env = Object.keys(s.env)
    .sort()
    .map((k) => `${k}=${lowerEnvValue(s.env[k]!, c.byId)}`);
  const portBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  const exposed: Record<string, Record<string, never>> = {};
  for (const p of s.ports) {
    const key = `${p.container}/${p.protocol}`;
    exposed[key] = {};
    if (p.published !== undefined) (portBindings[key] ??= []).push({ HostIp: p.hostIp ?? defaultBind, HostPort: String(p.published) });
  }
  const mounts: DockerMount[] = [
    ...s.volumes.map((v): DockerMount => ({ Type: "volume", Source: `${stack}-${c.byId.get(v.volume)?.name ?? v.volume}`, Target: v.path, ReadOnly: v.readOnly })),
    ...s.binds.map((b): DockerMount => ({ Type: "bind", Source: b.source, Target: b.path, ReadOnly: b.readOnly })),
    ...c.files.map((f): DockerMount => ({ Type: "bind", Source: f.hostPath, Target: f.containerPath, ReadOnly: true })),
  ];
  const networks = s.hostNetwork ? [] : s.networks.length === 0 ? [`${stack}-default`] : s.networks.map((id) => `${stack}-${c.byId.get(id)?.name ?? id}`);
  const restart = s.restart ?? (s.kind === "job" ? { policy: "no" as const } : { policy: "unless-stopped" as const });
  const tmpfs: Record<string, string> = {};
  for (const t of s.tmpfs) tmpfs[t.path] = t.sizeBytes ? `size=${t.sizeBytes}` : "";

  const create: ContainerCreate = {
    Image: c.images.get(s.image)!.ref,
    ...(s.command ? { Cmd: [...s.command] } : {}),
    ...(s.entrypoint ? { Entrypoint: [...s.entrypoint] } : {}),
    ...(s.workingDir ? { WorkingDir: s.workingDir } : {}),
    Env: env,
    ...(s.user ? { User: s.user } : {}),
    Labels: {},
    ExposedPorts: exposed,
    ...(s.healthcheck ? { Healthcheck: lowerHealthcheck(s.healthcheck.test, s.healthcheck) } : {}),
    ...(s.stopGracePeriodMs !== undefined ? { StopTimeout: Math.ceil(s.stopGracePeriodMs / 1000) } : {}),
    HostConfig: {
      NetworkMode: s.hostNetwork ? "host" : networks[0]!,
      ...(s.resources.cpu !== undefined ? { NanoCpus: Math.round(s.resources.cpu * 1e9) } : {}),
      ...(s.resources.memoryBytes !== undefined ? { Memory: s.resources.memoryBytes } : {}),
      ...(s.resources.memoryReservationBytes !== undefined ? { MemoryReservation: s.resources.memoryReservationBytes } : {}),
      ...(s.resources.pids !== undefined ? { PidsLimit: s.resources.pids } : {}),
      RestartPolicy: { Name: restart.policy, MaximumRetryCount: restart.policy === "on-failure" ? (restart.maxAttempts ?? 0) : 0 },
      ReadonlyRootfs: s.readOnlyRootFilesystem,
      Tmpfs: tmpfs,
      CapDrop: [...s.capabilities.drop],
      CapAdd: [...s.capabilities.add],
      SecurityOpt: [...(s.noNewPrivileges ? ["no-new-privileges:true"] : []), ...(s.seccompProfile ? [`seccomp=${s.seccompProfile}`] : [])],
      Init: s.init,
      LogConfig: { Type: s.logging?.driver ?? "json-file", Config: { ...(s.logging?.options ?? {}) } },
      PortBindings: portBindings,
      Mounts: mounts,
      Privileged: s.privileged,
      ...(s.hostPid ? { PidMode: "host" } : {}),
      ...(s.hostIpc ? { IpcMode: "host" } : {}),
      Devices: s.devices.map((d) => {
        const [host = d, inContainer, perms] = d.split(":");
        return { PathOnHost: host, PathInContainer: inContainer ?? host, CgroupPermissions: perms ?? "rwm" };
      }),
    },
    NetworkingConfig: { EndpointsConfig: Object.fromEntries(networks.map((n) => [n, { Aliases: [w.name] }])) },
  };
  return {
    kind: "docker.container",
    id: s.kind === "service" ? `${w.id}#${replica}` : w.id,
    source: w.id,
    path: w.path,
    name,
    role: s.kind,
    replica,
    image: s.image,
    files: c.files.map((f) => f.id),
    ...(s.kind === "job" && s.job?.deadlineMs !== undefined ? { deadlineMs: s.job.deadlineMs } : {}),
    create,
  };
}

function setLabels<T>(node: T, labels: Record<string, string>): T {
  const n = node as unknown as { create: { Labels: Record<string, string> } };
  if (n.create && typeof n.create === "object") return { ...node, create: { ...n.create, Labels: sortRecord(labels) } } as T;
  return node;
}

function sortRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]!]));
}
