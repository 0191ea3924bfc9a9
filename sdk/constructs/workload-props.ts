import { Size } from "../values/size.ts";
import { Duration } from "../values/duration.ts";
import { Config, ConfigValue } from "./config.ts";
import { Image } from "./image.ts";
import { Network } from "./network.ts";
import { Secret } from "./secret.ts";
import { Volume } from "./volume.ts";
import { instance, positive, z } from "./props.ts";
import type { FargateService } from "./fargate-service.ts";
import type { KubernetesDeployment } from "./kubernetes-deployment.ts";
import type { SwarmService } from "./swarm-service.ts";
import type { Workload } from "./workload.ts";

/** What can be depended on and named by hostname: a portable workload or a target-level construct. */
export type Dependable = Workload | SwarmService | KubernetesDeployment | FargateService;

/** A reference to another workload's DNS name, e.g. `db.hostname`. Resolved per target. */
export class HostnameRef {
  constructor(readonly workload: Dependable) {}
  toString(): string {
    return `[hostname:${this.workload.node.path}]`;
  }
}

/** An env value: a literal, a stack config value or a graph reference. */
export type EnvInput = string | number | boolean | ConfigValue | HostnameRef;

/** A published or exposed port. A bare number exposes the port on the workload's networks. */
export interface PortProps {
  /** Port the process listens on. */
  readonly container: number;
  /** Host / load-balancer port. @default - not published */
  readonly published?: number;
  /** @default "tcp" */
  readonly protocol?: "tcp" | "udp";
  /** Host address to bind. @default - the target's bindAddress (dev: 127.0.0.1) */
  readonly hostIp?: string;
}

/** A mount of a named volume or (discouraged) a host path. */
export type MountProps =
  | { readonly volume: Volume; readonly path: string; readonly readOnly?: boolean }
  | { readonly hostPath: string; readonly path: string; readonly readOnly?: boolean };

/** A healthcheck: a command, an HTTP GET or a TCP connect, with timing. */
export interface HealthcheckProps {
  /** Command run in the container; exit 0 is healthy. Exactly one of command/http/tcp. */
  readonly command?: readonly string[];
  /** HTTP GET on a container port; 2xx/3xx is healthy. */
  readonly http?: { readonly port: number; readonly path?: string };
  /** TCP connect on a container port. */
  readonly tcp?: { readonly port: number };
  /** @default Duration.seconds(10) */
  readonly interval?: Duration;
  /** @default Duration.seconds(5) */
  readonly timeout?: Duration;
  /** @default 3 */
  readonly retries?: number;
  /** @default Duration.seconds(0) */
  readonly startPeriod?: Duration;
}

/**
 * A dependency: start after `on` reaches `condition`. A bare workload means "started". A
 * target-level construct ({@link SwarmService}, {@link KubernetesDeployment}, {@link FargateService})
 * can be depended on like any workload.
 */
export type DependsOnProps =
  | Dependable
  | { readonly on: Dependable; readonly condition?: "started" | "healthy" | "completed" };

/** CPU in cores, memory as a {@link Size}. */
export interface ResourcesProps {
  /** CPU limit in cores. Maps to: Docker NanoCpus, swarm Limits.NanoCPUs, ECS cpu, K8s limits.cpu. */
  readonly cpu?: number;
  /** Memory limit. Maps to: Docker Memory, swarm Limits.MemoryBytes, ECS memory, K8s limits.memory. */
  readonly memory?: Size;
  /** CPU reservation. @default - none. Maps to: swarm Reservations, K8s requests.cpu. */
  readonly cpuReservation?: number;
  /** Memory reservation. @default - none. Maps to: swarm Reservations, ECS memoryReservation, K8s requests.memory. */
  readonly memoryReservation?: Size;
  /** Max processes. @default - none. Maps to: Docker PidsLimit, swarm PidsLimit. */
  readonly pids?: number;
}

/** Rolling update or rollback settings (swarm, ECS, K8s). */
export interface UpdateProps {
  /** Tasks updated at once (0 = all). @default 1 */
  readonly parallelism?: number;
  /** @default Duration.seconds(0) */
  readonly delay?: Duration;
  /** @default "start-first" for services without single-writer volumes, else "stop-first" */
  readonly order?: "start-first" | "stop-first";
  /** @default "rollback" (update) / "pause" (rollback) */
  readonly failureAction?: "rollback" | "pause" | "continue";
  /** @default Duration.seconds(15) */
  readonly monitor?: Duration;
  /** @default 0 */
  readonly maxFailureRatio?: number;
}

/** Props shared by Service, Container and Job. */
export interface WorkloadProps {
  /** Image to run. Maps to: Docker Image, swarm TaskTemplate image, ECS image, K8s image. */
  readonly image: Image;
  /** Arguments (Docker Cmd). @default - the image's CMD */
  readonly command?: readonly string[];
  /** @default - the image's ENTRYPOINT */
  readonly entrypoint?: readonly string[];
  /** @default - the image's WORKDIR */
  readonly workingDir?: string;
  /** Environment. Literals, `Config.value(k)` or graph references like `db.hostname`. @default {} */
  readonly env?: Readonly<Record<string, EnvInput>>;
  /** Secrets, mounted read-only as files at /run/secrets/NAME. Never env. @default {} */
  readonly secrets?: Readonly<Record<string, Secret>>;
  /** Config files: absolute path in the container to a Config. @default {} */
  readonly configs?: Readonly<Record<string, Config>>;
  /** Ports. A number exposes it on networks; `{container, published}` publishes. @default [] */
  readonly ports?: readonly (number | PortProps)[];
  /** Volume or host-path mounts. @default [] */
  readonly volumes?: readonly MountProps[];
  /** Writable tmpfs paths (with a read-only root). @default [] */
  readonly tmpfs?: readonly (string | { readonly path: string; readonly size?: Size })[];
  /** Networks to join. @default [] (policy net.isolation asks for one) */
  readonly networks?: readonly Network[];
  /** Healthcheck. @default - none (the image's HEALTHCHECK, if any, is not relied upon) */
  readonly healthcheck?: HealthcheckProps;
  /** Start order. @default [] */
  readonly dependsOn?: readonly DependsOnProps[];
  /** CPU and memory limits/reservations. @default - unlimited (policy res.* flags it) */
  readonly resources?: ResourcesProps;
  /** `uid[:gid]` or a user name. @default - the image's USER */
  readonly user?: string;
  /** Read-only root filesystem; make writable paths `tmpfs` or volumes. @default true */
  readonly readOnlyRootFilesystem?: boolean;
  /** Linux capabilities. @default { drop: ["ALL"], add: [] } */
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  /** @default false */
  readonly privileged?: boolean;
  /** no-new-privileges / allowPrivilegeEscalation=false. @default true */
  readonly noNewPrivileges?: boolean;
  /** Run an init process that reaps zombies. @default true */
  readonly init?: boolean;
  /** @default false */
  readonly hostNetwork?: boolean;
  /** @default false */
  readonly hostPid?: boolean;
  /** @default false */
  readonly hostIpc?: boolean;
  /** Host devices passed through. @default [] */
  readonly devices?: readonly string[];
  /** Seccomp profile name or `unconfined`. @default - the runtime default */
  readonly seccompProfile?: string;
  /**
   * Restart policy. @default "unless-stopped" (Service, Container), { onFailure: 3 } (Job)
   * Maps to: Docker RestartPolicy, swarm RestartPolicy, K8s restartPolicy/backoffLimit.
   */
  readonly restart?: "no" | "always" | "unless-stopped" | { readonly onFailure: number };
  /** Time between SIGTERM and SIGKILL. @default - platform default (10 s on Docker) */
  readonly stopGracePeriod?: Duration;
  /** Logging. @default { driver: "json-file", maxSize: 10Mi, maxFiles: 3 } */
  readonly logging?: { readonly driver?: string; readonly maxSize?: Size; readonly maxFiles?: number; readonly options?: Readonly<Record<string, string>> };
  /** Rolling update. @default - see {@link UpdateProps} */
  readonly update?: UpdateProps;
  /** Rollback. @default - see {@link UpdateProps} */
  readonly rollback?: UpdateProps;
  /** Labels on every object made for it. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Swarm-only options. @default {} */
  readonly swarm?: { readonly constraints?: readonly string[]; readonly preferences?: readonly string[]; readonly publishMode?: "ingress" | "host" };
  /** Fargate-only options. @default {} */
  readonly fargate?: { readonly cpu?: number; readonly memoryMiB?: number; readonly assignPublicIp?: boolean; readonly spot?: boolean };
  /** Kubernetes-only options. @default {} */
  readonly kubernetes?: { readonly serviceType?: "ClusterIP" | "NodePort" | "LoadBalancer"; readonly annotations?: Readonly<Record<string, string>>; readonly ingressHost?: string };
}

const port = z.number().int().min(1).max(65535);
const nonEmpty = z.string().min(1);
const absPath = z.string().regex(/^\//, "must be an absolute path");
const cap = z.string().regex(/^[A-Z_]+$/, "must be an upper-case capability name like NET_BIND_SERVICE");
const update = z.object({
  parallelism: z.number().int().min(0).optional(),
  delay: instance(Duration).optional(),
  order: z.enum(["start-first", "stop-first"]).optional(),
  failureAction: z.enum(["rollback", "pause", "continue"]).optional(),
  monitor: instance(Duration).optional(),
  maxFailureRatio: z.number().min(0).max(1).optional(),
}).strict();
const workloadRef = z.custom<Dependable>((v) => typeof v === "object" && v !== null && "hostname" in v && "node" in v, "must be a Service, Container, Job or a target-level construct (SwarmService, KubernetesDeployment, FargateService)");

/** Runtime validation of {@link WorkloadProps}. */
export const WorkloadPropsSchema = z.object({
  image: instance(Image, "an Image (Image.fromRegistry or Image.fromBuild)"),
  command: z.array(z.string()).optional(),
  entrypoint: z.array(z.string()).optional(),
  workingDir: absPath.optional(),
  env: z.record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a valid environment variable name"),
    z.union([z.string(), z.number(), z.boolean(), instance(ConfigValue, "a Config.value(key)"), instance(HostnameRef, "a workload's hostname, e.g. db.hostname")]),
  ).optional(),
  secrets: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, "must be a file name"), instance(Secret, 'a Secret, e.g. Secret.fromConfig("dbPassword")')).optional(),
  configs: z.record(absPath, instance(Config, 'a Config, e.g. Config.fromText("app.conf", "...")')).optional(),
  ports: z.array(z.union([port, z.object({ container: port, published: port.optional(), protocol: z.enum(["tcp", "udp"]).optional(), hostIp: nonEmpty.optional() }).strict()])).optional(),
  volumes: z.array(z.union([
    z.object({ volume: instance(Volume, "a Volume construct"), path: absPath, readOnly: z.boolean().optional() }).strict(),
    z.object({ hostPath: nonEmpty, path: absPath, readOnly: z.boolean().optional() }).strict(),
  ])).optional(),
  tmpfs: z.array(z.union([absPath, z.object({ path: absPath, size: positive(instance(Size)).optional() }).strict()])).optional(),
  networks: z.array(instance(Network, "a Network construct")).optional(),
  healthcheck: z.object({
    command: z.array(z.string()).min(1).optional(),
    http: z.object({ port, path: z.string().regex(/^\//).optional() }).strict().optional(),
    tcp: z.object({ port }).strict().optional(),
    interval: positive(instance(Duration)).optional(),
    timeout: positive(instance(Duration)).optional(),
    retries: z.number().int().min(1).optional(),
    startPeriod: instance(Duration).optional(),
  }).strict().refine((h) => [h.command, h.http, h.tcp].filter(Boolean).length === 1, "needs exactly one of command, http or tcp").optional(),
  dependsOn: z.array(z.union([workloadRef, z.object({ on: workloadRef, condition: z.enum(["started", "healthy", "completed"]).optional() }).strict()])).optional(),
  resources: z.object({
    cpu: z.number().positive().max(1024).optional(),
    memory: positive(instance(Size)).optional(),
    cpuReservation: z.number().positive().max(1024).optional(),
    memoryReservation: positive(instance(Size)).optional(),
    pids: z.number().int().positive().optional(),
  }).strict().optional(),
  user: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/, "must be uid[:gid] or a user name").optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  capabilities: z.object({ add: z.array(cap).optional(), drop: z.array(cap).optional() }).strict().optional(),
  privileged: z.boolean().optional(),
  noNewPrivileges: z.boolean().optional(),
  init: z.boolean().optional(),
  hostNetwork: z.boolean().optional(),
  hostPid: z.boolean().optional(),
  hostIpc: z.boolean().optional(),
  devices: z.array(nonEmpty).optional(),
  seccompProfile: nonEmpty.optional(),
  restart: z.union([z.enum(["no", "always", "unless-stopped"]), z.object({ onFailure: z.number().int().min(0) }).strict()]).optional(),
  stopGracePeriod: instance(Duration).optional(),
  logging: z.object({
    driver: nonEmpty.optional(),
    maxSize: instance(Size).optional(),
    maxFiles: z.number().int().min(1).optional(),
    options: z.record(z.string(), z.string()).optional(),
  }).strict().optional(),
  update: update.optional(),
  rollback: update.optional(),
  labels: z.record(z.string(), z.string()).optional(),
  swarm: z.object({ constraints: z.array(z.string()).optional(), preferences: z.array(z.string()).optional(), publishMode: z.enum(["ingress", "host"]).optional() }).strict().optional(),
  fargate: z.object({ cpu: z.number().int().optional(), memoryMiB: z.number().int().optional(), assignPublicIp: z.boolean().optional(), spot: z.boolean().optional() }).strict().optional(),
  kubernetes: z.object({ serviceType: z.enum(["ClusterIP", "NodePort", "LoadBalancer"]).optional(), annotations: z.record(z.string(), z.string()).optional(), ingressHost: z.string().optional() }).strict().optional(),
}).strict();
