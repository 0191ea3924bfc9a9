/**
 * How the Docker host provides each portable feature (the portability report's column for it): facts
 * pinned to Docker Engine API 1.41.
 */
import { honoured, emulated, degraded, unsupported, type TargetCapabilities } from "../../sdk/portability/capabilities.ts";

/** The Docker host's capability table. */
export const dockerHostCapabilities: TargetCapabilities = {
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
