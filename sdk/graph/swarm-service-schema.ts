/**
 * The `swarm-service` node of the portable graph: a target-level construct (`SwarmService`)
 * carrying a Docker Engine API 1.41 `ServiceSpec` as the user wrote it, beside portable
 * workloads. Only the parts that refer to the graph are Berth values (node ids): the image,
 * secrets, configs and networks; Berth decides the name and the ownership labels when lowering.
 *
 * {@link SwarmServiceSpecFields} is both the construct's `spec` prop schema and the node's
 * `spec` field: one zod schema, strict, so a misspelt Engine API field fails in the constructor.
 * Durations are nanoseconds and CPUs nano-CPUs, as in the Engine API.
 */
import { z } from "zod";

const ns = z.number().int().min(0);
const labels = z.record(
  z.string().refine((k) => !k.startsWith("berth."), "is an ownership label key (berth.*), which Berth sets itself"),
  z.string(),
);
const absPath = z.string().regex(/^\//, "must be an absolute path");

/** Engine API `HealthConfig`; `Test` is `["CMD", arg...]` or `["CMD-SHELL", command]`. */
export const SwarmHealthConfig = z.object({
  Test: z.array(z.string()).min(2).refine((t) => t[0] === "CMD" || t[0] === "CMD-SHELL", 'must start with "CMD" or "CMD-SHELL"'),
  Interval: ns.optional(),
  Timeout: ns.optional(),
  Retries: z.number().int().min(0).optional(),
  StartPeriod: ns.optional(),
}).strict();

/** Engine API `UpdateConfig` / `RollbackConfig`. */
export const SwarmUpdateSettings = z.object({
  Parallelism: z.number().int().min(0).optional(),
  Delay: ns.optional(),
  FailureAction: z.enum(["continue", "pause", "rollback"]).optional(),
  Monitor: ns.optional(),
  MaxFailureRatio: z.number().min(0).max(1).optional(),
  Order: z.enum(["stop-first", "start-first"]).optional(),
}).strict();

const limits = z.object({ NanoCPUs: z.number().int().positive().optional(), MemoryBytes: z.number().int().positive().optional() });

/**
 * The part of an Engine API 1.41 `ServiceSpec` a `SwarmService` sets. Left out because Berth
 * decides them from other props: `Name`, `ContainerSpec.Image` (`image`), `ContainerSpec.Secrets`
 * (`secrets`), `ContainerSpec.Configs` (`configs`), `TaskTemplate.Networks` (`networks`).
 */
export const SwarmServiceSpecFields = z.object({
  Labels: labels.optional(),
  TaskTemplate: z.object({
    ContainerSpec: z.object({
      Labels: labels.optional(),
      Command: z.array(z.string()).optional(),
      Args: z.array(z.string()).optional(),
      Hostname: z.string().min(1).optional(),
      Env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, "must be KEY=value")).optional(),
      Dir: absPath.optional(),
      User: z.string().min(1).optional(),
      ReadOnly: z.boolean().optional(),
      Init: z.boolean().optional(),
      StopSignal: z.string().min(1).optional(),
      StopGracePeriod: ns.optional(),
      Healthcheck: SwarmHealthConfig.optional(),
      Mounts: z.array(z.union([
        z.object({ Type: z.literal("bind"), Source: absPath, Target: absPath, ReadOnly: z.boolean().optional() }).strict(),
        z.object({ Type: z.literal("tmpfs"), Target: absPath, ReadOnly: z.boolean().optional(), TmpfsOptions: z.object({ SizeBytes: z.number().int().positive().optional() }).strict().optional() }).strict(),
      ])).optional(),
      CapabilityAdd: z.array(z.string().min(1)).optional(),
      CapabilityDrop: z.array(z.string().min(1)).optional(),
      Sysctls: z.record(z.string(), z.string()).optional(),
    }).strict().optional(),
    Resources: z.object({
      Limits: limits.extend({ Pids: z.number().int().positive().optional() }).strict().optional(),
      Reservations: limits.strict().optional(),
    }).strict().optional(),
    RestartPolicy: z.object({
      Condition: z.enum(["none", "on-failure", "any"]).optional(),
      Delay: ns.optional(),
      MaxAttempts: z.number().int().min(0).optional(),
      Window: ns.optional(),
    }).strict().optional(),
    Placement: z.object({
      Constraints: z.array(z.string().min(1)).optional(),
      Preferences: z.array(z.object({ Spread: z.object({ SpreadDescriptor: z.string().min(1) }).strict() }).strict()).optional(),
      MaxReplicas: z.number().int().min(0).optional(),
    }).strict().optional(),
    LogDriver: z.object({ Name: z.string().min(1), Options: z.record(z.string(), z.string()).optional() }).strict().optional(),
  }).strict().optional(),
  Mode: z.union([
    z.object({ Replicated: z.object({ Replicas: z.number().int().min(0) }).strict() }).strict(),
    z.object({ Global: z.object({}).strict() }).strict(),
  ]).optional(),
  UpdateConfig: SwarmUpdateSettings.optional(),
  RollbackConfig: SwarmUpdateSettings.optional(),
  EndpointSpec: z.object({
    Mode: z.enum(["vip", "dnsrr"]).optional(),
    Ports: z.array(z.object({
      Protocol: z.enum(["tcp", "udp"]).optional(),
      TargetPort: z.number().int().min(1).max(65535),
      PublishedPort: z.number().int().min(1).max(65535),
      PublishMode: z.enum(["ingress", "host"]).optional(),
    }).strict()).optional(),
  }).strict().optional(),
}).strict();
export type SwarmServiceSpecFields = z.infer<typeof SwarmServiceSpecFields>;

/** A secret or config file of a swarm service: the value's node id and the file it becomes. */
const FileMount = {
  /** File name under /run/secrets (secrets) or an absolute path. */
  target: z.string().min(1),
  /** @default - the numeric uid of ContainerSpec.User, else "0" */
  uid: z.string().optional(),
  /** @default - the numeric gid of ContainerSpec.User, else the uid */
  gid: z.string().optional(),
  mode: z.number().int(),
};

/** A node whose spec is a swarm `ServiceSpec` (target `swarm` only). */
export const SwarmServiceNode = z.object({
  kind: z.literal("swarm-service"),
  /** The only target that can realize it. */
  target: z.literal("swarm"),
  image: z.string().min(1),
  secrets: z.array(z.object({ secret: z.string().min(1), ...FileMount })),
  configs: z.array(z.object({ config: z.string().min(1), ...FileMount })),
  networks: z.array(z.string().min(1)),
  spec: SwarmServiceSpecFields,
});
export type SwarmServiceNode = z.infer<typeof SwarmServiceNode>;
