/**
 * How swarm mode provides each portable feature (the portability report's column for it): facts
 * pinned to Docker Engine API 1.41 (swarm services).
 */
import { honoured, emulated, degraded, unsupported, type TargetCapabilities } from "../../sdk/portability/capabilities.ts";

/** Swarm mode's capability table. */
export const swarmCapabilities: TargetCapabilities = {
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
