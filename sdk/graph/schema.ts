/**
 * The portable graph (IR). These zod schemas are the single source of truth for every node
 * kind; TypeScript types are inferred from them and the JSON Schema (`berth schema`) is
 * generated from them. All quantities are plain integers whose unit is in the field name
 * (`memoryBytes`, `intervalMs`); CPU is a number of cores.
 */
import { z } from "zod";
import { FargateServiceNode } from "./fargate-service-schema.ts";
import { KubernetesDeploymentNode } from "./kubernetes-deployment-schema.ts";
import { SwarmServiceNode } from "./swarm-service-schema.ts";

export { KubernetesDeploymentNode, KubernetesDeploymentSpecFields } from "./kubernetes-deployment-schema.ts";
export { FargateServiceNode, FargateServiceFields } from "./fargate-service-schema.ts";
export { SwarmServiceNode, SwarmServiceSpecFields, SwarmHealthConfig, SwarmUpdateSettings } from "./swarm-service-schema.ts";

/** Bumped on any incompatible change to the node shapes. */
export const SCHEMA_VERSION = 1 as const;

/** A node id: the construct path below the stack, e.g. `Shop/web`. */
export const NodeId = z.string().min(1);

// ---------------------------------------------------------------- images

/** A parsed OCI image reference. */
export const ImageRef = z.object({
  /** Registry host (with port), e.g. `docker.io`, `127.0.0.1:5000`. */
  registry: z.string(),
  /** Repository path, e.g. `library/postgres`. */
  repository: z.string(),
  tag: z.string().optional(),
  /** `sha256:<64 hex>` */
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/).optional(),
});
export type ImageRef = z.infer<typeof ImageRef>;

export const ImageSource = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("registry"),
    /** The reference as the user wrote it. */
    reference: z.string(),
    ref: ImageRef,
    /** Where the digest came from, when pinned. */
    pinnedBy: z.enum(["inline", "lock"]).optional(),
  }),
  z.object({
    kind: z.literal("build"),
    /** Build context, relative to the stack directory or absolute. */
    context: z.string(),
    dockerfile: z.string(),
    args: z.record(z.string(), z.string()),
    target: z.string().optional(),
    /** Repository the built image is tagged and pushed as, e.g. `127.0.0.1:5000/shop/web`. */
    repository: z.string().optional(),
  }),
]);
export type ImageSource = z.infer<typeof ImageSource>;

export const ImageNode = z.object({
  kind: z.literal("image"),
  source: ImageSource,
});
export type ImageNode = z.infer<typeof ImageNode>;

// ---------------------------------------------------------------- values inside workloads

/** An environment variable value: a literal, a stack config value, or a graph reference. */
export const EnvValue = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("literal"), value: z.string() }),
  /** Resolved from the stack's config at synth time; the key is kept for provenance. */
  z.object({ kind: z.literal("config"), key: z.string(), value: z.string() }),
  /** A reference to another node's attribute, resolved per target when lowering. */
  z.object({ kind: z.literal("ref"), node: NodeId, attribute: z.enum(["hostname"]) }),
]);
export type EnvValue = z.infer<typeof EnvValue>;

export const PortMapping = z.object({
  container: z.number().int().min(1).max(65535),
  /** Host / load-balancer port; absent means not published (exposed on networks only). */
  published: z.number().int().min(1).max(65535).optional(),
  protocol: z.enum(["tcp", "udp"]),
  /** Host address the published port binds to. */
  hostIp: z.string().optional(),
});
export type PortMapping = z.infer<typeof PortMapping>;

export const HealthTest = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("command"), command: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal("http"), port: z.number().int(), path: z.string() }),
  z.object({ kind: z.literal("tcp"), port: z.number().int() }),
]);
export type HealthTest = z.infer<typeof HealthTest>;

export const Healthcheck = z.object({
  test: HealthTest,
  intervalMs: z.number().int().positive(),
  timeoutMs: z.number().int().positive(),
  retries: z.number().int().min(1),
  startPeriodMs: z.number().int().min(0),
});
export type Healthcheck = z.infer<typeof Healthcheck>;

export const Resources = z.object({
  /** CPU limit in cores. */
  cpu: z.number().positive().optional(),
  memoryBytes: z.number().int().positive().optional(),
  /** CPU reservation / request in cores. */
  cpuReservation: z.number().positive().optional(),
  memoryReservationBytes: z.number().int().positive().optional(),
  pids: z.number().int().positive().optional(),
});
export type Resources = z.infer<typeof Resources>;

export const RestartPolicy = z.object({
  policy: z.enum(["no", "always", "on-failure", "unless-stopped"]),
  maxAttempts: z.number().int().min(0).optional(),
});
export type RestartPolicy = z.infer<typeof RestartPolicy>;

export const Logging = z.object({
  driver: z.string(),
  options: z.record(z.string(), z.string()),
});
export type Logging = z.infer<typeof Logging>;

export const UpdateConfig = z.object({
  parallelism: z.number().int().min(0),
  delayMs: z.number().int().min(0),
  order: z.enum(["start-first", "stop-first"]),
  failureAction: z.enum(["rollback", "pause", "continue"]),
  monitorMs: z.number().int().min(0),
  maxFailureRatio: z.number().min(0).max(1),
});
export type UpdateConfig = z.infer<typeof UpdateConfig>;

export const SecretMount = z.object({
  secret: NodeId,
  /** File name under /run/secrets, or an absolute path. */
  target: z.string(),
  mode: z.number().int(),
});
export const ConfigMount = z.object({
  config: NodeId,
  target: z.string(),
  mode: z.number().int(),
});
export const VolumeMount = z.object({ volume: NodeId, path: z.string(), readOnly: z.boolean() });
export const BindMount = z.object({ source: z.string(), path: z.string(), readOnly: z.boolean() });
export const TmpfsMount = z.object({ path: z.string(), sizeBytes: z.number().int().positive().optional() });

/** Per-target escape hatches. Plain data, interpreted only by that target's lowering. */
export const TargetOptions = z.object({
  swarm: z
    .object({
      constraints: z.array(z.string()).optional(),
      preferences: z.array(z.string()).optional(),
      publishMode: z.enum(["ingress", "host"]).optional(),
    })
    .optional(),
  fargate: z
    .object({
      cpu: z.number().int().optional(),
      memoryMiB: z.number().int().optional(),
      assignPublicIp: z.boolean().optional(),
      spot: z.boolean().optional(),
    })
    .optional(),
  kubernetes: z
    .object({
      serviceType: z.enum(["ClusterIP", "NodePort", "LoadBalancer"]).optional(),
      annotations: z.record(z.string(), z.string()).optional(),
      ingressHost: z.string().optional(),
    })
    .optional(),
});
export type TargetOptions = z.infer<typeof TargetOptions>;

// ---------------------------------------------------------------- workloads

/**
 * A workload field Berth fills with its secure default when the program leaves it out. Each
 * target resolves a default to its own best equivalent; only a field the program sets itself
 * can make the portability check fail.
 */
export const DefaultedField = z.enum([
  "capabilities.drop",
  "init",
  "logging",
  "noNewPrivileges",
  "readOnlyRootFilesystem",
  "restart",
  "rollback",
  "update",
]);
export type DefaultedField = z.infer<typeof DefaultedField>;

/** Service (replicated, long-running), Container (one, un-replicated) and Job share one shape. */
export const WorkloadNode = z.object({
  kind: z.enum(["service", "container", "job"]),
  image: NodeId,
  command: z.array(z.string()).optional(),
  entrypoint: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  env: z.record(z.string(), EnvValue),
  secrets: z.array(SecretMount),
  configs: z.array(ConfigMount),
  ports: z.array(PortMapping),
  volumes: z.array(VolumeMount),
  binds: z.array(BindMount),
  tmpfs: z.array(TmpfsMount),
  networks: z.array(NodeId),
  healthcheck: Healthcheck.optional(),
  resources: Resources,
  replicas: z.number().int().min(0),
  user: z.string().optional(),
  readOnlyRootFilesystem: z.boolean(),
  capabilities: z.object({ add: z.array(z.string()), drop: z.array(z.string()) }),
  privileged: z.boolean(),
  noNewPrivileges: z.boolean(),
  init: z.boolean(),
  hostNetwork: z.boolean(),
  hostPid: z.boolean(),
  hostIpc: z.boolean(),
  devices: z.array(z.string()),
  seccompProfile: z.string().optional(),
  restart: RestartPolicy.optional(),
  stopGracePeriodMs: z.number().int().min(0).optional(),
  logging: Logging.optional(),
  update: UpdateConfig.optional(),
  rollback: UpdateConfig.optional(),
  /** Jobs only: wall-clock deadline and retries. */
  job: z.object({ deadlineMs: z.number().int().positive().optional(), retries: z.number().int().min(0).optional() }).optional(),
  /** A volume used by several replicas is declared shared (otherwise single-writer). */
  labels: z.record(z.string(), z.string()),
  targetOptions: TargetOptions,
  /**
   * The fields above that hold Berth's secure defaults because the program did not set them,
   * sorted. Targets resolve these to their best equivalent; the portability report shows them as
   * defaults and never fails the check on them.
   */
  defaults: z.array(DefaultedField),
});
export type WorkloadNode = z.infer<typeof WorkloadNode>;

// ---------------------------------------------------------------- other resources

export const NetworkNode = z.object({
  kind: z.literal("network"),
  internal: z.boolean(),
  labels: z.record(z.string(), z.string()),
});
export type NetworkNode = z.infer<typeof NetworkNode>;

export const VolumeNode = z.object({
  kind: z.literal("volume"),
  sizeBytes: z.number().int().positive().optional(),
  /** ReadWriteOnce (single writer) unless declared shared. */
  shared: z.boolean(),
  labels: z.record(z.string(), z.string()),
});
export type VolumeNode = z.infer<typeof VolumeNode>;

/** Where a secret's value lives. The value itself never enters the graph. */
export const SecretSource = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("config"), key: z.string() }),
  z.object({ kind: z.literal("env"), name: z.string() }),
  z.object({ kind: z.literal("file"), path: z.string() }),
  z.object({ kind: z.literal("aws-secrets-manager"), arn: z.string(), jsonKey: z.string().optional() }),
  z.object({ kind: z.literal("aws-ssm"), arn: z.string() }),
  z.object({ kind: z.literal("kubernetes"), name: z.string(), key: z.string() }),
]);
export type SecretSource = z.infer<typeof SecretSource>;

export const SecretNode = z.object({
  kind: z.literal("secret"),
  source: SecretSource,
});
export type SecretNode = z.infer<typeof SecretNode>;

export const ConfigNode = z.object({
  kind: z.literal("config"),
  /** Non-secret file content, resolved at synth (from a literal or the stack's config). */
  content: z.string(),
  key: z.string().optional(),
});
export type ConfigNode = z.infer<typeof ConfigNode>;

// ---------------------------------------------------------------- nodes, edges, graph

export const NodeSpec = z.discriminatedUnion("kind", [
  ImageNode,
  WorkloadNode.extend({ kind: z.literal("service") }),
  WorkloadNode.extend({ kind: z.literal("container") }),
  WorkloadNode.extend({ kind: z.literal("job") }),
  NetworkNode,
  VolumeNode,
  SecretNode,
  ConfigNode,
  SwarmServiceNode,
  KubernetesDeploymentNode,
  FargateServiceNode,
]);
export type NodeSpec = z.infer<typeof NodeSpec>;
export type NodeKind = NodeSpec["kind"];

export const GraphNode = z.object({
  /** Construct path below the stack, e.g. `Shop/web`. */
  id: NodeId,
  /** Full construct path including the stack, e.g. `shop/Shop/web`. */
  path: z.string(),
  /** DNS- and Docker-safe name derived from the id, e.g. `shop-web`; unique in the stack. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** The construct class that produced the node, e.g. `Service`, `Postgres`. */
  construct: z.string(),
  /** sha256 of the canonical JSON of `spec`. */
  hash: z.string().regex(/^[a-f0-9]{64}$/),
  spec: NodeSpec,
});
export type GraphNode = z.infer<typeof GraphNode>;

export const EdgeCondition = z.enum(["started", "healthy", "completed"]);
export type EdgeCondition = z.infer<typeof EdgeCondition>;

export const Edge = z.object({
  from: NodeId,
  to: NodeId,
  /** `depends`: ordering with a condition; `uses`: a resource reference (image, network...). */
  kind: z.enum(["depends", "uses"]),
  condition: EdgeCondition.optional(),
});
export type Edge = z.infer<typeof Edge>;

export const TargetSpec = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("docker-host"),
    /** Docker endpoint; absent means the local engine (DOCKER_HOST or the default socket). */
    host: z.string().optional(),
    /** Address published ports bind to unless a port sets its own. */
    bindAddress: z.string().optional(),
    /** Registry built images are pushed to, e.g. `127.0.0.1:5000`. */
    registry: z.string().optional(),
  }),
  z.object({
    kind: z.literal("swarm"),
    host: z.string().optional(),
    registry: z.string().optional(),
  }),
  z.object({
    kind: z.literal("fargate"),
    cluster: z.string(),
    region: z.string(),
    subnets: z.array(z.string()),
    securityGroups: z.array(z.string()),
    registry: z.string().optional(),
  }),
  z.object({
    kind: z.literal("kubernetes"),
    context: z.string().optional(),
    namespace: z.string(),
    registry: z.string().optional(),
  }),
]);
export type TargetSpec = z.infer<typeof TargetSpec>;
export type TargetKind = TargetSpec["kind"];

export const Acknowledgement = z.object({
  /** A rule id (`sec.non-root`) or a portability feature (`portability.hostPid`). */
  rule: z.string(),
  /** Node id it applies to; absent for the whole stack. */
  node: NodeId.optional(),
  reason: z.string().min(10),
  owner: z.string().optional(),
  /** ISO date `YYYY-MM-DD`; after it the waiver no longer applies. */
  expires: z.string().optional(),
});
export type Acknowledgement = z.infer<typeof Acknowledgement>;

export const StackSpec = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  environment: z.string(),
  profile: z.enum(["dev", "prod"]),
  target: TargetSpec,
  labels: z.record(z.string(), z.string()),
  /** Registries images may come from (policy image.registry-allowlist). */
  registryAllowlist: z.array(z.string()),
  /** Labels every workload must carry (policy graph.labels). */
  requiredLabels: z.array(z.string()),
  suppressions: z.array(Acknowledgement),
  /** One switch that turns every waiver off. */
  waiversDisabled: z.boolean(),
});
export type StackSpec = z.infer<typeof StackSpec>;

export const Graph = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  stack: StackSpec,
  nodes: z.array(GraphNode),
  edges: z.array(Edge),
});
export type Graph = z.infer<typeof Graph>;

/** Workload node kinds. */
export type WorkloadKind = "service" | "container" | "job";
/** A graph node whose spec is a workload. */
export type WorkloadGraphNode = GraphNode & { spec: WorkloadNode };

/** A graph node whose spec is a swarm service (the `SwarmService` construct). */
export type SwarmServiceGraphNode = GraphNode & { spec: SwarmServiceNode };

/** Narrows a node to a swarm service (a target-level `SwarmService`). */
export function isSwarmService(n: GraphNode): n is SwarmServiceGraphNode {
  return n.spec.kind === "swarm-service";
}

/** A graph node whose spec is a Kubernetes Deployment (the `KubernetesDeployment` construct). */
export type KubernetesDeploymentGraphNode = GraphNode & { spec: KubernetesDeploymentNode };

/** Narrows a node to a target-level `KubernetesDeployment`. */
export function isKubernetesDeployment(n: GraphNode): n is KubernetesDeploymentGraphNode {
  return n.spec.kind === "kubernetes-deployment";
}

/** A graph node whose spec is an ECS task definition and service (the `FargateService` construct). */
export type FargateServiceGraphNode = GraphNode & { spec: FargateServiceNode };

/** Narrows a node to a target-level `FargateService`. */
export function isFargateService(n: GraphNode): n is FargateServiceGraphNode {
  return n.spec.kind === "fargate-service";
}

/** Narrows a node to a workload (Service, Container or Job). */
export function isWorkload(n: GraphNode): n is WorkloadGraphNode {
  return n.spec.kind === "service" || n.spec.kind === "container" || n.spec.kind === "job";
}
