/**
 * The swarm mode target graph: plain data, one node per swarm object, every Engine API field
 * already decided by lowering (providers/swarm/lower.ts). Bodies are the exact Engine API 1.41
 * shapes (`ServiceSpec`, `NetworkCreateRequest`, `SecretSpec`, `ConfigSpec`), so the engine,
 * @pulumi/docker and the stack-file export translate them one to one and never re-decide.
 *
 * Secret values never appear here: a secret node holds where the value comes from; the engine
 * resolves it at apply time. Secrets and configs are immutable in swarm, so their names carry
 * a content version (`<stack>-<name>-<hash8>`): a new value is a new object, services move to
 * it with a rolling update, and the old one is removed once nothing uses it.
 */
import { z } from "zod";
import { SecretSource } from "../../sdk/graph/schema.ts";
import { DockerImageNode } from "../shared/docker-api/image-node.ts";
import { EngineHealthcheck, Labels, TargetNodeBase, orderingEdge } from "../shared/target.ts";

/** Bumped on any incompatible change to the swarm node shapes. */
export const SWARM_SCHEMA_VERSION = 1 as const;

/** A `Mount` of a swarm ContainerSpec (volumes, binds, tmpfs). */
export const SwarmMount = z.object({
  Type: z.enum(["volume", "bind", "tmpfs"]),
  Source: z.string().optional(),
  Target: z.string(),
  ReadOnly: z.boolean(),
  VolumeOptions: z.object({ Labels, DriverConfig: z.object({ Name: z.literal("local") }) }).optional(),
  TmpfsOptions: z.object({ SizeBytes: z.number().int().positive().optional() }).optional(),
});
export type SwarmMount = z.infer<typeof SwarmMount>;

/** A file reference to a secret or a config (`SecretID`/`ConfigID` are filled in at apply time). */
export const SwarmFileRef = z.object({
  File: z.object({ Name: z.string(), UID: z.string(), GID: z.string(), Mode: z.number().int() }),
});

/** Engine API `HealthConfig` (durations in nanoseconds). */
export const SwarmHealthcheck = EngineHealthcheck;

/** Engine API `UpdateConfig` / `RollbackConfig` (durations in nanoseconds). */
export const SwarmUpdateConfig = z.object({
  Parallelism: z.number().int().min(0),
  Delay: z.number().int().min(0),
  FailureAction: z.enum(["continue", "pause", "rollback"]),
  Monitor: z.number().int().min(0),
  MaxFailureRatio: z.number().min(0).max(1),
  Order: z.enum(["stop-first", "start-first"]),
});
export type SwarmUpdateConfig = z.infer<typeof SwarmUpdateConfig>;

/** A published port of `EndpointSpec`. */
export const SwarmPort = z.object({
  Protocol: z.enum(["tcp", "udp"]),
  TargetPort: z.number().int(),
  PublishedPort: z.number().int(),
  PublishMode: z.enum(["ingress", "host"]),
});
export type SwarmPort = z.infer<typeof SwarmPort>;

const Resources = z.object({ NanoCPUs: z.number().int().optional(), MemoryBytes: z.number().int().optional() });

/** The body of `POST /services/create` (and of `/services/{id}/update`), as Engine API 1.41 defines it. */
export const ServiceSpec = z.object({
  Name: z.string(),
  Labels,
  TaskTemplate: z.object({
    ContainerSpec: z.object({
      Image: z.string(),
      Labels,
      /** The image's ENTRYPOINT replacement (portable `entrypoint`). */
      Command: z.array(z.string()).optional(),
      /** The image's CMD replacement (portable `command`). */
      Args: z.array(z.string()).optional(),
      Dir: z.string().optional(),
      /** SwarmService only: the task container's hostname. */
      Hostname: z.string().optional(),
      /** `KEY=value`, sorted by key; hostname refs already resolved to service names. */
      Env: z.array(z.string()),
      User: z.string().optional(),
      ReadOnly: z.boolean(),
      Init: z.boolean(),
      CapabilityDrop: z.array(z.string()),
      CapabilityAdd: z.array(z.string()),
      Healthcheck: SwarmHealthcheck.optional(),
      StopGracePeriod: z.number().int().optional(),
      /** SwarmService only: the signal that stops the task. */
      StopSignal: z.string().optional(),
      /** SwarmService only: namespaced kernel parameters. */
      Sysctls: z.record(z.string(), z.string()).optional(),
      Mounts: z.array(SwarmMount),
      Secrets: z.array(SwarmFileRef.extend({ SecretName: z.string() })),
      Configs: z.array(SwarmFileRef.extend({ ConfigName: z.string() })),
    }),
    Resources: z.object({ Limits: Resources.extend({ Pids: z.number().int().optional() }), Reservations: Resources }),
    RestartPolicy: z.object({
      Condition: z.enum(["none", "on-failure", "any"]),
      Delay: z.number().int(),
      MaxAttempts: z.number().int().min(0),
      /** SwarmService only: the window restarts are counted in (ns). */
      Window: z.number().int().min(0).optional(),
    }),
    Placement: z.object({
      Constraints: z.array(z.string()),
      Preferences: z.array(z.object({ Spread: z.object({ SpreadDescriptor: z.string() }) })),
      /** SwarmService only: at most this many tasks per node (0: no limit). */
      MaxReplicas: z.number().int().min(0).optional(),
    }),
    Networks: z.array(z.object({ Target: z.string(), Aliases: z.array(z.string()) })),
    LogDriver: z.object({ Name: z.string(), Options: z.record(z.string(), z.string()) }),
  }),
  Mode: z.union([
    z.object({ Replicated: z.object({ Replicas: z.number().int().min(0) }) }),
    z.object({ ReplicatedJob: z.object({ MaxConcurrent: z.number().int().min(1), TotalCompletions: z.number().int().min(1) }) }),
    /** SwarmService only: one task on every node that satisfies the placement. */
    z.object({ Global: z.object({}) }),
  ]),
  UpdateConfig: SwarmUpdateConfig.optional(),
  RollbackConfig: SwarmUpdateConfig.optional(),
  EndpointSpec: z.object({ Mode: z.enum(["vip", "dnsrr"]), Ports: z.array(SwarmPort) }),
});
export type ServiceSpec = z.infer<typeof ServiceSpec>;

/** An attachable overlay network. */
export const SwarmNetworkNode = z.object({
  kind: z.literal("swarm.network"),
  ...TargetNodeBase,
  create: z.object({ Name: z.string(), Driver: z.literal("overlay"), Attachable: z.literal(true), Internal: z.boolean(), Labels }),
});
export type SwarmNetworkNode = z.infer<typeof SwarmNetworkNode>;

/**
 * A named local volume. Swarm creates it on the node that runs the task (from the mount's
 * VolumeOptions, so it carries Berth's labels); services using it are pinned to one node.
 */
export const SwarmVolumeNode = z.object({
  kind: z.literal("swarm.volume"),
  ...TargetNodeBase,
  /** The placement constraint that pins its users to the node holding it. */
  constraint: z.string(),
  labels: Labels,
});
export type SwarmVolumeNode = z.infer<typeof SwarmVolumeNode>;

/** A docker secret: a versioned name and where its value comes from (resolved at apply time). */
export const SwarmSecretNode = z.object({
  kind: z.literal("swarm.secret"),
  ...TargetNodeBase,
  from: SecretSource,
  /** The content version in the name (8 hex chars of a hash of the value, or of the source when unknown). */
  version: z.string().regex(/^[a-f0-9]{8}$/),
  labels: Labels,
});
export type SwarmSecretNode = z.infer<typeof SwarmSecretNode>;

/** A docker config: a versioned name and its (non-secret) content. */
export const SwarmConfigNode = z.object({
  kind: z.literal("swarm.config"),
  ...TargetNodeBase,
  content: z.string(),
  version: z.string().regex(/^[a-f0-9]{8}$/),
  labels: Labels,
});
export type SwarmConfigNode = z.infer<typeof SwarmConfigNode>;

/** A swarm service: a Service, a Container (1 replica), a Job (replicated-job) or a SwarmService (role `service`). */
export const SwarmServiceNode = z.object({
  kind: z.literal("swarm.service"),
  ...TargetNodeBase,
  role: z.enum(["service", "container", "job"]),
  /** The image node whose `ref` is the ContainerSpec image. */
  image: z.string(),
  /** Secret and config node ids it mounts (their SecretID/ConfigID are filled in at apply time). */
  secrets: z.array(z.string()),
  configs: z.array(z.string()),
  /** Jobs: wall-clock deadline for completion. */
  deadlineMs: z.number().int().positive().optional(),
  spec: ServiceSpec,
});
export type SwarmServiceNode = z.infer<typeof SwarmServiceNode>;

export const SwarmNode = z.discriminatedUnion("kind", [SwarmNetworkNode, SwarmVolumeNode, SwarmSecretNode, SwarmConfigNode, DockerImageNode, SwarmServiceNode]);
export type SwarmNode = z.infer<typeof SwarmNode>;
export type SwarmNodeKind = SwarmNode["kind"];

/** An ordering edge between services: `from` is created after `to` converged to `condition`. */
export const SwarmEdge = orderingEdge(["started", "healthy", "completed"]);
export type SwarmEdge = z.infer<typeof SwarmEdge>;

/** The lowered graph for one swarm. */
export const SwarmGraph = z.object({
  schemaVersion: z.literal(SWARM_SCHEMA_VERSION),
  stack: z.string(),
  app: z.string(),
  environment: z.string(),
  /** Manager endpoint; absent means the local engine. */
  host: z.string().optional(),
  nodes: z.array(SwarmNode),
  edges: z.array(SwarmEdge),
});
export type SwarmGraph = z.infer<typeof SwarmGraph>;
