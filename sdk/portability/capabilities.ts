/**
 * The capability table as data: for every target and every feature, how the
 * target provides it (honoured / emulated / degraded / unsupported) and what it becomes there.
 *
 * - honoured: the platform has the setting and it means the same thing.
 * - emulated: the platform lacks it, and Berth's lowering or deployer produces the same effect.
 * - degraded: something close exists but behaves differently from what the program says.
 * - unsupported: the platform has no such thing; the setting would be dropped or rejected.
 *
 * Those levels judge what a program sets. Berth's own secure defaults (read-only root, drop ALL,
 * no-new-privileges, init, log rotation, update settings) are resolved per target instead: a row
 * a target cannot honour says in `asDefault` what the default becomes there.
 *
 * Facts are pinned to Docker Engine API 1.41 (swarm), the ECS API for the FARGATE launch type
 * and the Kubernetes core/apps/batch v1 APIs.
 */
import type { DefaultableFeature, Feature, Support } from "../core/features.ts";
import type { TargetKind } from "../graph/schema.ts";

/** How one target provides one feature. */
export interface Capability {
  readonly support: Support;
  /** What the feature becomes on the target, in one line. */
  readonly note: string;
  /**
   * What Berth's own secure default becomes on the target, in one line, for a feature the
   * target cannot honour as written (degraded or unsupported) and that workloads use by default
   * when the program does not set it. Such a default never fails the check.
   */
  readonly asDefault?: string;
}

/**
 * A row of a feature Berth fills by default: where the target cannot honour it, the row must
 * say what the default becomes there (`asDefault`), so a missing note is a compile error.
 */
export type DefaultableCapability =
  | { readonly support: "honoured" | "emulated"; readonly note: string }
  | { readonly support: "degraded" | "unsupported"; readonly note: string; readonly asDefault: string };

/**
 * One target's capabilities, keyed by feature: a missing row, or a defaultable row the target
 * cannot honour without its `asDefault` note, is a compile error.
 */
export type TargetCapabilities = { readonly [F in Feature]: F extends DefaultableFeature ? DefaultableCapability : Capability };

/** Every target's capabilities. */
export type CapabilityTable = Readonly<Record<TargetKind, TargetCapabilities>>;

/** The four targets, in the order reports list them. */
export const TARGETS: readonly TargetKind[] = ["docker-host", "swarm", "fargate", "kubernetes"];

const honoured = (note: string) => ({ support: "honoured", note }) as const;
const emulated = (note: string) => ({ support: "emulated", note }) as const;
function degraded(note: string): { readonly support: "degraded"; readonly note: string };
function degraded(note: string, asDefault: string): { readonly support: "degraded"; readonly note: string; readonly asDefault: string };
function degraded(note: string, asDefault?: string) {
  return asDefault === undefined ? ({ support: "degraded", note } as const) : ({ support: "degraded", note, asDefault } as const);
}
function unsupported(note: string): { readonly support: "unsupported"; readonly note: string };
function unsupported(note: string, asDefault: string): { readonly support: "unsupported"; readonly note: string; readonly asDefault: string };
function unsupported(note: string, asDefault?: string) {
  return asDefault === undefined ? ({ support: "unsupported", note } as const) : ({ support: "unsupported", note, asDefault } as const);
}

const dockerHost: TargetCapabilities = {
  "image.registry": honoured("pulled by digest (pinned by berth.lock) or by tag"),
  "image.build": honoured("built on the engine and tagged by content (pushed when the target has a registry)"),
  service: emulated("N containers <stack>-<service>-<i> kept by Berth (no scheduler)"),
  container: honoured("one container"),
  job: honoured("a container run to completion; its exit code decides"),
  network: honoured("user-defined bridge network"),
  "network.internal": honoured("bridge network created --internal (no outbound route)"),
  volume: honoured("named local volume (kept on down)"),
  "volume.shared": honoured("one local volume mounted by every container on the host"),
  secret: emulated("a 0400 file owned by the service's uid, bind-mounted read-only at /run/secrets/<name>; never env"),
  "secret.aws": unsupported("the engine cannot read AWS Secrets Manager or SSM; use Secret.fromConfig/fromEnv/fromFile"),
  "secret.kubernetes": unsupported("no Kubernetes Secret store on a Docker host; use Secret.fromConfig/fromEnv/fromFile"),
  config: emulated("content written to a file and bind-mounted read-only"),
  "ports.published": honoured("published on the host (bind address from the port or the target)"),
  "ports.hostIp": honoured("published on that host address only"),
  healthcheck: honoured("HEALTHCHECK"),
  "healthcheck.http": emulated("HEALTHCHECK command probing the port from inside the container (the image needs the probe tool)"),
  "dependsOn.started": honoured("created after the dependency is running"),
  "dependsOn.healthy": honoured("created after the dependency reports healthy"),
  "dependsOn.completed": honoured("created after the dependency exits 0"),
  "resources.limits": honoured("NanoCpus and Memory"),
  "resources.reservations": degraded("MemoryReservation is a soft limit; no CPU reservation (CpuShares are relative weights)"),
  "resources.pids": honoured("PidsLimit"),
  logging: honoured("json-file/local driver with max-size/max-file rotation"),
  "logging.driver": honoured("the named log driver with its options"),
  "hardening.user": honoured("User"),
  "hardening.userName": honoured("User, resolved in the image's /etc/passwd"),
  "hardening.readOnlyRootFilesystem": honoured("ReadonlyRootfs"),
  "hardening.capabilities": honoured("CapDrop"),
  "hardening.capabilities.add": honoured("CapAdd"),
  "hardening.noNewPrivileges": honoured("SecurityOpt no-new-privileges"),
  "hardening.init": honoured("Init (an init process as PID 1)"),
  "hardening.seccomp": honoured("SecurityOpt seccomp=<profile>"),
  privileged: honoured("Privileged"),
  hostNetwork: honoured("NetworkMode host"),
  hostPidIpc: honoured("PidMode / IpcMode host"),
  devices: honoured("Devices"),
  binds: honoured("bind mounts from the host"),
  tmpfs: honoured("Tmpfs mounts"),
  update: degraded(
    "containers are replaced (removed, then recreated); no rolling update, health gate or automatic rollback",
    "replicas are replaced (removed, then recreated) and waited for until healthy; Berth's default rolling update and rollback do not apply",
  ),
  stopGracePeriod: honoured("StopTimeout"),
  "target.swarm-service": unsupported("SwarmService is a swarm-only construct (a Docker Engine ServiceSpec); a Docker host has no services: use a portable Service, or deploy this stack to Swarm"),
};

const swarm: TargetCapabilities = {
  "image.registry": honoured("service image by digest"),
  "image.build": honoured("built, pushed to the target's registry and referenced by digest so every node can pull it"),
  service: honoured("replicated service with update and rollback config"),
  container: emulated("a 1-replica service (rescheduled by swarm)"),
  job: honoured("replicated-job service"),
  network: honoured("attachable overlay network"),
  "network.internal": honoured("internal overlay network"),
  volume: emulated("local volume on one node; the service is pinned there by a placement constraint"),
  "volume.shared": emulated("replicas pinned to the volume's node share its local volume"),
  secret: honoured("docker secret (versioned name) at /run/secrets/<name>"),
  "secret.aws": unsupported("swarm cannot read AWS Secrets Manager or SSM; use Secret.fromConfig/fromEnv/fromFile"),
  "secret.kubernetes": unsupported("no Kubernetes Secret store in swarm; use Secret.fromConfig/fromEnv/fromFile"),
  config: honoured("docker config (versioned name) mounted as a file"),
  "ports.published": honoured("published on the ingress routing mesh of every node"),
  "ports.hostIp": unsupported("swarm publishes on every address of every node; there is no bind address"),
  healthcheck: honoured("service HEALTHCHECK"),
  "healthcheck.http": emulated("HEALTHCHECK command probing the port from inside the container (the image needs the probe tool)"),
  "dependsOn.started": emulated("wait for convergence of the dependency (tasks running) before creating the service"),
  "dependsOn.healthy": emulated("wait for convergence of the dependency (tasks healthy) before creating the service"),
  "dependsOn.completed": emulated("wait for the dependency's job tasks to complete before creating the service"),
  "resources.limits": honoured("Resources.Limits (NanoCPUs, MemoryBytes)"),
  "resources.reservations": honoured("Resources.Reservations (used for scheduling)"),
  "resources.pids": honoured("Resources.Limits.Pids"),
  logging: honoured("service log driver with its rotation options"),
  "logging.driver": honoured("service log driver"),
  "hardening.user": honoured("ContainerSpec.User"),
  "hardening.userName": honoured("ContainerSpec.User, resolved in the image's /etc/passwd"),
  "hardening.readOnlyRootFilesystem": honoured("ContainerSpec.ReadOnly"),
  "hardening.capabilities": honoured("ContainerSpec.CapabilityDrop"),
  "hardening.capabilities.add": honoured("ContainerSpec.CapabilityAdd"),
  "hardening.noNewPrivileges": degraded(
    "not settable per service; only daemon-wide (dockerd --no-new-privileges) on every node",
    "not settable per service: left to the daemon (dockerd --no-new-privileges on every node); Berth's default is not applied",
  ),
  "hardening.init": honoured("ContainerSpec.Init"),
  "hardening.seccomp": unsupported("no seccomp option for swarm services (API 1.41); tasks get the daemon's default profile"),
  privileged: unsupported("swarm services cannot run privileged"),
  hostNetwork: honoured("attached to the predefined host network"),
  hostPidIpc: unsupported("swarm services cannot share the host's pid or ipc namespace"),
  devices: unsupported("swarm services cannot pass host devices through"),
  binds: degraded("bind mount from whichever node runs the task; the path must exist on every node"),
  tmpfs: honoured("tmpfs mounts"),
  update: honoured("UpdateConfig and RollbackConfig (parallelism, order, failure action, monitor)"),
  stopGracePeriod: honoured("StopGracePeriod"),
  "target.swarm-service": honoured("the ServiceSpec as written, with Berth's name, ownership labels, pinned image, versioned secrets/configs and networks"),
};

const fargate: TargetCapabilities = {
  "image.registry": honoured("image by digest (private registries need repositoryCredentials)"),
  "image.build": honoured("built, pushed to the target's registry (ECR) and referenced by digest"),
  service: honoured("TaskDefinition + ECS service (FARGATE), deployment circuit breaker with rollback"),
  container: honoured("a 1-task ECS service"),
  job: emulated("RunTask; Berth waits for the task to stop and enforces the deadline and retries"),
  network: emulated("Cloud Map namespace for DNS + a security group admitting the network's members"),
  "network.internal": emulated("security-group egress limited to the network's members, no public IP"),
  volume: honoured("EFS file system + access point"),
  "volume.shared": honoured("EFS, shared by every task"),
  secret: degraded("ECS `secrets` injects the value as an environment variable; no file at the mount path"),
  "secret.aws": honoured("valueFrom in the container's secrets"),
  "secret.kubernetes": unsupported("Fargate cannot read Kubernetes Secrets; use a Secrets Manager or SSM reference"),
  config: degraded("ECS has no config files: the content is passed as an environment variable"),
  "ports.published": emulated("ALB listener on the published port forwarding to a target group"),
  "ports.hostIp": degraded("no bind address: the load balancer is internet-facing or internal"),
  healthcheck: honoured("container healthCheck"),
  "healthcheck.http": emulated("container healthCheck command probing the port (the image needs the probe tool); the ALB checks the path"),
  "dependsOn.started": emulated("ordering: the dependency's service reaches steady state first (in-task dependsOn START)"),
  "dependsOn.healthy": emulated("ordering + waiting for the dependency's service to reach steady state with healthy tasks"),
  "dependsOn.completed": emulated("the dependency's RunTask must stop with exit code 0 before the service is created"),
  "resources.limits": emulated("task size rounded up to a valid Fargate cpu/memory pair; container limits inside it"),
  "resources.reservations": honoured("container cpu units and memoryReservation"),
  "resources.pids": unsupported("ECS task definitions have no pids limit"),
  logging: emulated("awslogs to a CloudWatch log group with retention; rotation options do not apply"),
  "logging.driver": degraded("Fargate offers only awslogs, splunk and awsfirelens log drivers"),
  "hardening.user": honoured("user"),
  "hardening.userName": honoured("user, resolved in the image's /etc/passwd"),
  "hardening.readOnlyRootFilesystem": honoured("readonlyRootFilesystem"),
  "hardening.capabilities": honoured("linuxParameters.capabilities.drop"),
  "hardening.capabilities.add": degraded("only SYS_PTRACE can be added on Fargate"),
  "hardening.noNewPrivileges": unsupported(
    "dockerSecurityOptions is not valid on Fargate; no-new-privileges cannot be set",
    "Fargate's own runtime defaults (dockerSecurityOptions is not valid on Fargate); Berth's default is not applied",
  ),
  "hardening.init": honoured("linuxParameters.initProcessEnabled"),
  "hardening.seccomp": unsupported("Fargate runs its default seccomp profile; no custom profile"),
  privileged: unsupported("Fargate tasks cannot run privileged"),
  hostNetwork: unsupported("Fargate uses awsvpc networking only"),
  hostPidIpc: unsupported("no host pid or ipc namespace on Fargate"),
  devices: unsupported("Fargate cannot pass host devices through"),
  binds: unsupported("no host paths on Fargate"),
  tmpfs: emulated("an ephemeral task volume (disk, not memory) at the path; linuxParameters.tmpfs is not valid on Fargate"),
  update: emulated("deploymentConfiguration (minimum healthy / maximum percent) and the circuit breaker with rollback"),
  stopGracePeriod: honoured("stopTimeout (at most 120 s)"),
  "target.swarm-service": unsupported("SwarmService is a swarm-only construct (a Docker Engine ServiceSpec); ECS cannot run it: use a portable Service, or deploy this stack to Swarm"),
};

const kubernetes: TargetCapabilities = {
  "image.registry": honoured("image by digest"),
  "image.build": honoured("built, pushed to the target's registry and referenced by digest"),
  service: honoured("Deployment (+ Service when it has ports)"),
  container: honoured("a 1-replica Deployment"),
  job: honoured("Job (activeDeadlineSeconds, backoffLimit)"),
  network: emulated("NetworkPolicy admitting the network's members; DNS via Services"),
  "network.internal": emulated("NetworkPolicy egress limited to the network's members"),
  volume: honoured("PersistentVolumeClaim (ReadWriteOnce)"),
  "volume.shared": honoured("PersistentVolumeClaim ReadWriteMany (the storage class must offer it)"),
  secret: honoured("Secret mounted as a file"),
  "secret.aws": unsupported("pods cannot read Secrets Manager or SSM without an operator; use a Kubernetes Secret reference"),
  "secret.kubernetes": honoured("the named Secret key mounted as a file"),
  config: honoured("ConfigMap mounted as a file"),
  "ports.published": emulated("Service on the published port (type from kubernetes.serviceType; Ingress when ingressHost is set)"),
  "ports.hostIp": degraded("a Service has no bind address; exposure follows the Service type"),
  healthcheck: honoured("readiness + liveness probes (exec)"),
  "healthcheck.http": honoured("httpGet / tcpSocket readiness + liveness probes"),
  "dependsOn.started": emulated("ordering: the dependency is applied and available first"),
  "dependsOn.healthy": emulated("ordering + readiness wait on the dependency"),
  "dependsOn.completed": emulated("ordering + waiting for the dependency's Job to complete"),
  "resources.limits": honoured("resources.limits"),
  "resources.reservations": honoured("resources.requests"),
  "resources.pids": degraded("no per-pod pids limit; only the kubelet's node-wide podPidsLimit"),
  logging: emulated("stdout/stderr kept by the kubelet, rotated by its containerLogMaxSize/MaxFiles"),
  "logging.driver": unsupported("no log driver per pod; ship stdout with a cluster log agent"),
  "hardening.user": honoured("securityContext.runAsUser / runAsGroup"),
  "hardening.userName": unsupported("runAsUser takes a numeric uid; a user name cannot be expressed"),
  "hardening.readOnlyRootFilesystem": honoured("securityContext.readOnlyRootFilesystem"),
  "hardening.capabilities": honoured("securityContext.capabilities.drop"),
  "hardening.capabilities.add": honoured("securityContext.capabilities.add"),
  "hardening.noNewPrivileges": honoured("securityContext.allowPrivilegeEscalation: false"),
  "hardening.init": emulated("shareProcessNamespace: the pod's pause process is PID 1 and reaps zombies"),
  "hardening.seccomp": honoured("securityContext.seccompProfile"),
  privileged: honoured("securityContext.privileged"),
  hostNetwork: honoured("hostNetwork: true"),
  hostPidIpc: honoured("hostPID / hostIPC"),
  devices: unsupported("no device passthrough in a pod spec (needs a device plugin)"),
  binds: degraded("hostPath volume on whichever node runs the pod"),
  tmpfs: honoured("emptyDir with medium Memory (sizeLimit from the size)"),
  update: emulated("RollingUpdate (maxSurge/maxUnavailable, minReadySeconds); a failing rollout stops at progressDeadlineSeconds, the old pods keep serving"),
  stopGracePeriod: honoured("terminationGracePeriodSeconds"),
  "target.swarm-service": unsupported("SwarmService is a swarm-only construct (a Docker Engine ServiceSpec); Kubernetes cannot run it: use a portable Service, or deploy this stack to Swarm"),
};

/** Every target's capability table, by kind. */
export const CAPABILITIES: CapabilityTable = {
  "docker-host": dockerHost,
  swarm,
  fargate,
  kubernetes,
};

/** How `target` provides `feature`. */
export function capability(target: TargetKind, feature: Feature): Capability {
  return CAPABILITIES[target][feature];
}
