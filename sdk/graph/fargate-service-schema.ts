/**
 * The `fargate-service` node of the portable graph: a target-level construct (`FargateService`)
 * carrying ECS task definition and service fields as the user wrote them (the ECS API's member
 * names: `RegisterTaskDefinition`, `ContainerDefinition`, `CreateService`), beside portable
 * workloads. Only the parts that refer to the graph are Berth values (node ids): the image of
 * each container, the secrets its containers name, and the networks; Berth decides the family,
 * the service name, the cluster, the network configuration, the execution role, the logs and
 * the ownership tags when lowering.
 *
 * {@link FargateServiceFields} is both the construct's `task`/`service` props schema and the
 * node's fields: strict, so a misspelt ECS member fails in the constructor. It covers the ECS
 * members that mean something on Fargate and that Berth does not decide itself.
 */
import { z } from "zod";

const int = z.number().int();
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

/** ECS `HealthCheck` (seconds), with the API's bounds. */
export const FargateHealthCheck = z.strictObject({
  command: z.array(z.string()).min(2).refine((t) => t[0] === "CMD" || t[0] === "CMD-SHELL", 'must start with "CMD" or "CMD-SHELL"'),
  interval: int.min(5).max(300).optional(),
  timeout: int.min(2).max(60).optional(),
  retries: int.min(1).max(10).optional(),
  startPeriod: int.min(0).max(300).optional(),
});

/** ECS `ContainerDefinition` members a `FargateService` container sets (`image`, `logConfiguration` and `secrets[].valueFrom` ARNs are Berth's). */
export const FargateContainerFields = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, "must be 1-255 letters, digits, underscores or hyphens"),
  essential: z.boolean().optional(),
  command: z.array(z.string()).optional(),
  entryPoint: z.array(z.string()).optional(),
  workingDirectory: z.string().optional(),
  environment: z.array(z.strictObject({ name: envName, value: z.string() })).optional(),
  /** Secrets as environment variables: `valueFrom` names one of the construct's `secrets` (Berth writes its ARN). */
  secrets: z.array(z.strictObject({ name: envName, valueFrom: z.string().min(1) })).optional(),
  cpu: int.min(0).optional(),
  memory: int.min(6).optional(),
  memoryReservation: int.min(6).optional(),
  portMappings: z.array(z.strictObject({
    containerPort: int.min(1).max(65535),
    protocol: z.enum(["tcp", "udp"]).optional(),
    name: z.string().optional(),
    appProtocol: z.enum(["http", "http2", "grpc"]).optional(),
  })).optional(),
  healthCheck: FargateHealthCheck.optional(),
  user: z.string().min(1).optional(),
  readonlyRootFilesystem: z.boolean().optional(),
  linuxParameters: z.strictObject({
    initProcessEnabled: z.boolean().optional(),
    capabilities: z.strictObject({ add: z.array(z.literal("SYS_PTRACE")).optional(), drop: z.array(z.string().min(1)).optional() }).optional(),
  }).optional(),
  dependsOn: z.array(z.strictObject({ containerName: z.string().min(1), condition: z.enum(["START", "COMPLETE", "SUCCESS", "HEALTHY"]) })).optional(),
  startTimeout: int.min(2).max(120).optional(),
  stopTimeout: int.min(0).max(120).optional(),
  ulimits: z.array(z.strictObject({
    name: z.enum(["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"]),
    softLimit: int,
    hardLimit: int,
  })).optional(),
  dockerLabels: z.record(z.string().refine((k) => !k.startsWith("berth."), "is an ownership label key (berth.*), which Berth sets itself"), z.string()).optional(),
});
export type FargateContainerFields = z.infer<typeof FargateContainerFields>;

/** `RegisterTaskDefinition` members a `FargateService` sets (family, network mode, compatibilities, execution role and volumes are Berth's). */
export const FargateTaskFields = z.strictObject({
  /** Task CPU units as a string, e.g. "512". @default - the smallest Fargate size holding the containers' cpu and memory */
  cpu: z.string().regex(/^\d+$/, "must be CPU units as a string, e.g. \"512\"").optional(),
  /** Task memory MiB as a string, e.g. "1024". */
  memory: z.string().regex(/^\d+$/, "must be MiB as a string, e.g. \"1024\"").optional(),
  taskRoleArn: z.string().startsWith("arn:").optional(),
  runtimePlatform: z.strictObject({ operatingSystemFamily: z.literal("LINUX").optional(), cpuArchitecture: z.enum(["X86_64", "ARM64"]).optional() }).optional(),
  ephemeralStorage: z.strictObject({ sizeInGiB: int.min(21).max(200) }).optional(),
  containerDefinitions: z.array(FargateContainerFields).min(1),
}).superRefine((t, ctx) => {
  const names = t.containerDefinitions.map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) ctx.addIssue({ code: "custom", path: ["containerDefinitions"], message: `container name '${dup}' is used twice` });
  if (!t.containerDefinitions.some((c) => c.essential !== false)) ctx.addIssue({ code: "custom", path: ["containerDefinitions"], message: "needs at least one essential container" });
});
export type FargateTaskFields = z.infer<typeof FargateTaskFields>;

/** `CreateService` members a `FargateService` sets (cluster, names, launch type, network and registries are Berth's). */
export const FargateServiceSettings = z.strictObject({
  desiredCount: int.min(0).optional(),
  deploymentConfiguration: z.strictObject({ minimumHealthyPercent: int.min(0).max(100).optional(), maximumPercent: int.min(100).max(200).optional() }).optional(),
  healthCheckGracePeriodSeconds: int.min(0).optional(),
  platformVersion: z.string().min(1).optional(),
  enableExecuteCommand: z.boolean().optional(),
  /** `networkConfiguration.awsvpcConfiguration.assignPublicIp`. */
  assignPublicIp: z.enum(["ENABLED", "DISABLED"]).optional(),
});
export type FargateServiceSettings = z.infer<typeof FargateServiceSettings>;

/** The ECS fields of a `FargateService`: its task definition and its service. */
export const FargateServiceFields = z.strictObject({ task: FargateTaskFields, service: FargateServiceSettings });
export type FargateServiceFields = z.infer<typeof FargateServiceFields>;

/** A node whose spec is an ECS task definition and service (target `fargate` only). */
export const FargateServiceNode = z.object({
  kind: z.literal("fargate-service"),
  /** The only target that can realize it. */
  target: z.literal("fargate"),
  /** The image node of each container, by container name. */
  images: z.array(z.object({ container: z.string().min(1), image: z.string().min(1) })),
  /** Secrets the containers name in `secrets[].valueFrom`, by that name. */
  secrets: z.array(z.object({ name: z.string().min(1), secret: z.string().min(1) })),
  networks: z.array(z.string().min(1)),
  ...FargateServiceFields.shape,
});
export type FargateServiceNode = z.infer<typeof FargateServiceNode>;
