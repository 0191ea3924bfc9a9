/**
 * The rule catalogue as test data, shared by the registry and section tests: each rule's levels,
 * mandatory flag and targets are pinned here, so changing one is a deliberate, reviewed edit.
 */
import { TARGET_LETTERS } from "../../../sdk/policy/profiles.ts";
import type { Rule } from "../../../sdk/policy/types.ts";

/** id → "dev prod targets" (prod "EM" = error, mandatory), in catalogue order. */
export const POLICY: Record<string, string> = {
  "image.tag-required": "E EM DSEK",
  "image.no-latest": "W EM DSEK",
  "image.digest-pinned": "- E DSEK",
  "image.registry-allowlist": "- E DSEK",
  "image.lock-fresh": "W E DSEK",
  "build.base-pinned": "W E DSEK",
  "build.no-baked-config": "W E DSEK",
  "secret.no-literal-sensitive-env": "E EM DSEK",
  "secret.as-file": "W E DSEK",
  "secret.refs-resolve": "E E DSEK",
  "config.from-stack": "W W DSEK",
  "config.no-hardcoded-endpoints": "W E DSEK",
  "env.no-duplicates": "E E DSEK",
  "res.memory-limit": "W E DSEK",
  "res.memory-request": "- W SEK",
  "res.cpu-limit": "W E DSEK",
  "res.cpu-request": "- W SEK",
  "res.pids-limit": "- W DS",
  "health.check": "W E DSEK",
  "health.depends-needs-check": "E E DSEK",
  "health.probe-port-exposed": "E E DSEK",
  "lifecycle.restart-policy": "W E DS",
  "lifecycle.graceful-stop": "- W DSEK",
  "lifecycle.init-process": "W W DSE",
  "lifecycle.job-bounds": "W E DSEK",
  "sec.non-root": "W E DSEK",
  "sec.high-uid": "- W DSEK",
  "sec.readonly-rootfs": "W E DSEK",
  "sec.no-privileged": "E EM DEK",
  "sec.no-privilege-escalation": "W E DEK",
  "sec.drop-all-caps": "W E DSEK",
  "sec.no-dangerous-caps": "E EM DSEK",
  "sec.no-host-network": "W E DSEK",
  "sec.no-host-pid-ipc": "E EM DEK",
  "sec.no-runtime-socket": "E EM DSEK",
  "sec.no-sensitive-hostpath": "W E DSEK",
  "sec.no-host-devices": "W E DEK",
  "sec.seccomp": "E E DEK",
  "sec.no-ssh": "W E DSEK",
  "log.driver-set": "- W DSE",
  "log.rotation": "W E DS",
  "net.bind-interface": "W W DS",
  "net.no-privileged-ports": "W W DSEK",
  "net.port-conflict": "E E DS",
  "net.isolation": "W E DSK",
  "net.no-public-exposure": "- E SEK",
  "avail.min-replicas": "- E SEK",
  "avail.spread": "- W SEK",
  "avail.rolling-update": "- E SEK",
  "avail.stateful-single-writer": "E E DSEK",
  "graph.refs-resolve": "E EM DSEK",
  "graph.no-cycles": "E EM DSEK",
  "graph.labels": "- W DSEK",
};
/** Rule ids that belong to targets (they run on lowered graphs), not to the built-in table. */
export const TARGET_RULES = ["res.fargate-size", "res.fits-host", "log.retention", "avail.disruption-budget", "k8s.no-default-namespace", "secret.execution-role", "net.fargate-host-port", "avail.fargate-subnets"];

/** A rule's settings in one string: "dev prod[M] DSEK". */
export function catalogueRow(rule: Rule): string {
  const letters = rule.targets.map((t) => TARGET_LETTERS[t]).sort((a, b) => "DSEK".indexOf(a) - "DSEK".indexOf(b)).join("");
  return `${rule.dev} ${rule.prod}${rule.mandatory ? "M" : ""} ${letters}`;
}
