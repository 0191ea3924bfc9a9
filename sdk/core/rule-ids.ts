/**
 * Every policy rule id, built-in and target rules alike (docs/policy.md lists them). A const
 * tuple so that suppressions are typed: a misspelt id does not compile.
 */
export const RULE_IDS = [
  "image.tag-required", "image.no-latest", "image.digest-pinned", "image.registry-allowlist", "image.lock-fresh",
  "build.base-pinned", "build.no-baked-config",
  "secret.no-literal-sensitive-env", "secret.as-file", "secret.refs-resolve", "secret.execution-role", "config.from-stack",
  "config.no-hardcoded-endpoints", "env.no-duplicates",
  "res.memory-limit", "res.memory-request", "res.cpu-limit", "res.cpu-request", "res.pids-limit", "res.fargate-size", "res.fits-host",
  "health.check", "health.depends-needs-check", "health.probe-port-exposed",
  "lifecycle.restart-policy", "lifecycle.graceful-stop", "lifecycle.init-process", "lifecycle.job-bounds",
  "sec.non-root", "sec.high-uid", "sec.readonly-rootfs", "sec.no-privileged", "sec.no-privilege-escalation",
  "sec.drop-all-caps", "sec.no-dangerous-caps", "sec.no-host-network", "sec.no-host-pid-ipc", "sec.no-runtime-socket",
  "sec.no-sensitive-hostpath", "sec.no-host-devices", "sec.seccomp", "sec.no-ssh",
  "log.driver-set", "log.rotation", "log.retention",
  "net.bind-interface", "net.no-privileged-ports", "net.port-conflict", "net.isolation", "net.no-public-exposure", "net.fargate-host-port",
  "avail.min-replicas", "avail.spread", "avail.rolling-update", "avail.disruption-budget", "avail.stateful-single-writer", "avail.fargate-subnets",
  "graph.refs-resolve", "graph.no-cycles", "graph.labels", "k8s.no-default-namespace",
] as const;

/** A built-in rule id. */
export type RuleId = (typeof RULE_IDS)[number];
