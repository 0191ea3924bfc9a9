/**
 * The features a portable graph can use, as rows of the capability table (DESIGN.md §3). The
 * portability report marks each one honoured / emulated / degraded / unsupported per target.
 */
export const FEATURES = [
  "image.registry", "image.build",
  "service", "container", "job",
  "network", "network.internal", "volume", "volume.shared", "secret", "config",
  "ports.published", "ports.hostIp", "healthcheck",
  "dependsOn.started", "dependsOn.healthy", "dependsOn.completed",
  "resources.limits", "resources.reservations", "resources.pids",
  "logging",
  "hardening.user", "hardening.readOnlyRootFilesystem", "hardening.capabilities", "hardening.noNewPrivileges", "hardening.init",
  "privileged", "hostNetwork", "hostPidIpc", "devices", "binds", "tmpfs", "update", "stopGracePeriod",
] as const;

/** A capability-table feature. */
export type Feature = (typeof FEATURES)[number];
/** How a target provides a feature. */
export type Support = "honoured" | "emulated" | "degraded" | "unsupported";
