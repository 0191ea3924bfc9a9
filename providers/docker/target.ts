/**
 * The Docker host target graph: plain data, one node per Docker object, every Engine API field
 * already decided by lowering (providers/docker/lower.ts). Realizers (Berth's engine,
 * @pulumi/docker, compose export) translate these nodes one to one and never re-decide.
 *
 * Secret values never appear here: a secret file node holds the secret node id and where the
 * value comes from; the engine resolves the value at apply time.
 */
import { z } from "zod";
import { SecretSource } from "../../sdk/graph/schema.ts";
import { DockerImageNode } from "../shared/docker-api/image-node.ts";
import { EngineHealthcheck, Labels, TargetNodeBase, orderingEdge } from "../shared/target.ts";

/** Bumped on any incompatible change to the docker node shapes. */
export const DOCKER_SCHEMA_VERSION = 1 as const;

export { BERTH_VERSION, LABELS } from "../shared/labels.ts";

/** A Docker `Mount` (HostConfig.Mounts item). */
export const DockerMount = z.object({
  Type: z.enum(["volume", "bind"]),
  Source: z.string(),
  Target: z.string(),
  ReadOnly: z.boolean(),
});
export type DockerMount = z.infer<typeof DockerMount>;

/** A published port binding. */
export const PortBinding = z.object({ HostIp: z.string(), HostPort: z.string() });

/** Engine API `HostConfig` fields Berth decides. */
export const DockerHostConfig = z.object({
  NetworkMode: z.string(),
  NanoCpus: z.number().int().optional(),
  Memory: z.number().int().optional(),
  MemoryReservation: z.number().int().optional(),
  PidsLimit: z.number().int().optional(),
  RestartPolicy: z.object({
    Name: z.enum(["no", "always", "on-failure", "unless-stopped"]),
    MaximumRetryCount: z.number().int().min(0),
  }),
  ReadonlyRootfs: z.boolean(),
  /** tmpfs path → mount options (`size=<bytes>` or empty). */
  Tmpfs: z.record(z.string(), z.string()),
  CapDrop: z.array(z.string()),
  CapAdd: z.array(z.string()),
  SecurityOpt: z.array(z.string()),
  Init: z.boolean(),
  LogConfig: z.object({ Type: z.string(), Config: z.record(z.string(), z.string()) }),
  /** `"<port>/<proto>"` → bindings. */
  PortBindings: z.record(z.string(), z.array(PortBinding)),
  Mounts: z.array(DockerMount),
  Privileged: z.boolean(),
  PidMode: z.string().optional(),
  IpcMode: z.string().optional(),
  Devices: z.array(z.object({ PathOnHost: z.string(), PathInContainer: z.string(), CgroupPermissions: z.string() })),
});
export type DockerHostConfig = z.infer<typeof DockerHostConfig>;

/** Engine API `Healthcheck` (durations in nanoseconds). */
export const DockerHealthcheck = EngineHealthcheck;
export type DockerHealthcheck = EngineHealthcheck;

/** The body of `POST /containers/create` (the container name goes in the query). */
export const ContainerCreate = z.object({
  Image: z.string(),
  Cmd: z.array(z.string()).optional(),
  Entrypoint: z.array(z.string()).optional(),
  WorkingDir: z.string().optional(),
  /** `KEY=value`, sorted by key; hostname refs already resolved to network aliases. */
  Env: z.array(z.string()),
  User: z.string().optional(),
  Labels,
  ExposedPorts: z.record(z.string(), z.object({})),
  Healthcheck: DockerHealthcheck.optional(),
  StopTimeout: z.number().int().optional(),
  HostConfig: DockerHostConfig,
  /** One entry per network (name → aliases). API < 1.44 accepts one at create: connect the rest before start. */
  NetworkingConfig: z.object({
    EndpointsConfig: z.record(z.string(), z.object({ Aliases: z.array(z.string()) })),
  }),
});
export type ContainerCreate = z.infer<typeof ContainerCreate>;

/** A user-defined bridge network. */
export const DockerNetworkNode = z.object({
  kind: z.literal("docker.network"),
  ...TargetNodeBase,
  create: z.object({ Name: z.string(), Driver: z.literal("bridge"), Internal: z.boolean(), Attachable: z.boolean(), Labels }),
});
export type DockerNetworkNode = z.infer<typeof DockerNetworkNode>;

/** A named local volume (kept on `down` unless volumes are asked for). */
export const DockerVolumeNode = z.object({
  kind: z.literal("docker.volume"),
  ...TargetNodeBase,
  create: z.object({ Name: z.string(), Driver: z.literal("local"), Labels }),
});
export type DockerVolumeNode = z.infer<typeof DockerVolumeNode>;

export { DockerImageNode };

/**
 * A file on the docker host, bind-mounted read-only into a container: a secret (value resolved
 * at apply time, never stored here) or a config (content inline, it is not secret).
 * Secret files live under `<stateDir>/<stack>/secrets/<hash>/<NAME>` with mode 0400 owned by
 * the service's numeric uid (0 when `user` is a name or absent).
 */
export const DockerFileNode = z.object({
  kind: z.literal("docker.file"),
  ...TargetNodeBase,
  /** Absolute host path (`name` repeats it). */
  hostPath: z.string(),
  /** Path inside the container. */
  containerPath: z.string(),
  uid: z.number().int().min(0),
  gid: z.number().int().min(0),
  mode: z.number().int(),
  content: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("secret"), secret: z.string(), from: SecretSource }),
    z.object({ kind: z.literal("config"), config: z.string(), text: z.string() }),
  ]),
});
export type DockerFileNode = z.infer<typeof DockerFileNode>;

/** One container: a service replica, a Container, or a Job run to completion. */
export const DockerContainerNode = z.object({
  kind: z.literal("docker.container"),
  ...TargetNodeBase,
  role: z.enum(["service", "container", "job"]),
  /** 1-based replica index. */
  replica: z.number().int().min(1),
  /** The image node whose `ref` is `create.Image`. */
  image: z.string(),
  /** File nodes mounted into it. */
  files: z.array(z.string()),
  /** Jobs: wall-clock deadline for completion. */
  deadlineMs: z.number().int().positive().optional(),
  create: ContainerCreate,
});
export type DockerContainerNode = z.infer<typeof DockerContainerNode>;

export const DockerNode = z.discriminatedUnion("kind", [
  DockerNetworkNode,
  DockerVolumeNode,
  DockerImageNode,
  DockerFileNode,
  DockerContainerNode,
]);
export type DockerNode = z.infer<typeof DockerNode>;
export type DockerNodeKind = DockerNode["kind"];

/** An ordering edge: `from` is created after `to` reaches `condition`. */
export const DockerEdge = orderingEdge(["created", "started", "healthy", "completed"]);
export type DockerEdge = z.infer<typeof DockerEdge>;

/** The lowered graph for one Docker host. */
export const DockerGraph = z.object({
  schemaVersion: z.literal(DOCKER_SCHEMA_VERSION),
  /** Stack name: the prefix of every object name and the `berth.stack` label. */
  stack: z.string(),
  app: z.string(),
  environment: z.string(),
  /** Docker endpoint; absent means the local engine. */
  host: z.string().optional(),
  /** Stack-owned directory on the docker host holding secret and config files. */
  filesDir: z.string(),
  nodes: z.array(DockerNode),
  edges: z.array(DockerEdge),
});
export type DockerGraph = z.infer<typeof DockerGraph>;
