/**
 * How ECS/Fargate provides each portable feature (the portability report's column for it): facts
 * pinned to the ECS API for the FARGATE launch type.
 */
import { honoured, emulated, degraded, unsupported, type TargetCapabilities } from "../../sdk/portability/capabilities.ts";

/** ECS/Fargate's capability table. */
export const fargateCapabilities: TargetCapabilities = {
  "image.registry": honoured("image by digest (private registries need repositoryCredentials)"),
  "image.build": honoured("built, pushed to the target's registry (ECR) and referenced by digest"),
  service: honoured("TaskDefinition + ECS service (FARGATE), deployment circuit breaker with rollback"),
  container: honoured("a 1-task ECS service"),
  job: emulated("RunTask; Berth waits for the task to stop and enforces the deadline and retries"),
  network: emulated("Cloud Map namespace for DNS (<name>.<stack>.internal) for workloads with ports; tasks use the target's security groups (per-network security groups are not lowered yet)"),
  "network.internal": emulated("no public IP (assignPublicIp DISABLED); egress limits to the network's members are not lowered yet"),
  volume: honoured("encrypted EFS file system, mounted with transit encryption"),
  "volume.shared": honoured("EFS, shared by every task"),
  secret: emulated("a file at the mount path: an init container (essential: false, the workload's image, needs sh) gets the value through ECS `secrets` and writes it to a task volume the app mounts read-only (dependsOn SUCCESS); the app's environment never holds it"),
  "secret.aws": honoured("valueFrom in the init container's secrets; the execution role may read exactly that ARN"),
  "secret.kubernetes": unsupported("Fargate cannot read Kubernetes Secrets; use a Secrets Manager or SSM reference"),
  config: degraded("ECS has no config files: the content is passed in the environment variable BERTH_CONFIG_<PATH> (/etc/motd: BERTH_CONFIG_ETC_MOTD); no file at the path"),
  "ports.published": emulated("a listener on the published port of the stack's Application Load Balancer (internal unless fargate.assignPublicIp), forwarding to a target group of the tasks' addresses"),
  "ports.hostIp": degraded("no bind address: the load balancer is internet-facing or internal"),
  healthcheck: honoured("container healthCheck"),
  "healthcheck.http": emulated("container healthCheck command probing the port (the image needs the probe tool); the ALB checks the path"),
  "dependsOn.started": emulated("ordering: the dependency's service reaches steady state first"),
  "dependsOn.healthy": emulated("ordering + waiting for the dependency's service to reach steady state with healthy tasks"),
  "dependsOn.completed": emulated("the dependency's RunTask must stop with exit code 0 before the service is created"),
  "resources.limits": emulated("task size rounded up to a valid Fargate cpu/memory pair; container limits inside it"),
  "resources.reservations": honoured("container cpu units and memoryReservation"),
  "resources.pids": unsupported("ECS task definitions have no pids limit"),
  logging: emulated("awslogs to a CloudWatch log group with retention; rotation options do not apply"),
  "logging.driver": degraded("always awslogs: the program's driver is not applied (Fargate offers only awslogs, splunk and awsfirelens)"),
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
  tmpfs: emulated("an ephemeral task volume (disk, not memory, no size limit) at the path; linuxParameters.tmpfs is not valid on Fargate"),
  update: emulated("deploymentConfiguration (minimum healthy / maximum percent from parallelism and order) and the circuit breaker, always with rollback"),
  stopGracePeriod: honoured("stopTimeout (at most 120 s)"),
  "target.swarm-service": unsupported("SwarmService is a swarm-only construct (a Docker Engine ServiceSpec); ECS cannot run it: use a portable Service, or deploy this stack to Swarm"),
};
