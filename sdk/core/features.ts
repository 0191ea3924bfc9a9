/**
 * The features a portable graph can use, as rows of the capability table
 * (sdk/portability/capabilities.ts). The portability report marks each one honoured / emulated /
 * degraded / unsupported per target.
 *
 * A feature is "used" when the graph carries it (sdk/portability/features-used.ts says which
 * node field turns each one on). Rows are split where targets differ on part of a setting:
 * dropping capabilities works everywhere, adding them does not on Fargate, so those are two rows.
 */
export const FEATURES = [
  "image.registry", "image.build",
  "service", "container", "job",
  "network", "network.internal", "volume", "volume.shared",
  "secret", "secret.aws", "secret.kubernetes", "config",
  "ports.published", "ports.hostIp", "healthcheck", "healthcheck.http",
  "dependsOn.started", "dependsOn.healthy", "dependsOn.completed",
  "resources.limits", "resources.reservations", "resources.pids",
  "logging", "logging.driver",
  "hardening.user", "hardening.userName", "hardening.readOnlyRootFilesystem",
  "hardening.capabilities", "hardening.capabilities.add", "hardening.noNewPrivileges", "hardening.init", "hardening.seccomp",
  "privileged", "hostNetwork", "hostPidIpc", "devices", "binds", "tmpfs", "update", "stopGracePeriod",
  "target.swarm-service", "target.kubernetes-deployment", "target.fargate-service",
] as const;

/** A capability-table feature. */
export type Feature = (typeof FEATURES)[number];
/** How a target provides a feature. */
export type Support = "honoured" | "emulated" | "degraded" | "unsupported";
/** Every support level, from best to worst. */
export const SUPPORTS: readonly Support[] = ["honoured", "emulated", "degraded", "unsupported"];

/**
 * Features a workload can use through Berth's secure defaults alone (the graph lists the
 * defaulted fields in `defaults`). Every target's capability table says what such a default
 * becomes where it cannot be honoured as written (`asDefault`).
 */
export const DEFAULTABLE_FEATURES = [
  "logging",
  "hardening.readOnlyRootFilesystem",
  "hardening.capabilities",
  "hardening.noNewPrivileges",
  "hardening.init",
  "update",
] as const satisfies readonly Feature[];

/** A feature a workload can use only through Berth's secure defaults. */
export type DefaultableFeature = (typeof DEFAULTABLE_FEATURES)[number];
