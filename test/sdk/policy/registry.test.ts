import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../../sdk/core/rule-ids.ts";
import { BUILTIN_RULES, BUILTIN_TABLE, findRule } from "../../../sdk/policy/registry.ts";
import { TARGET_LETTERS } from "../../../sdk/policy/profiles.ts";

/** POLICY.md's table, transcribed: id → "dev prod targets" (prod "EM" = error, mandatory). */
const POLICY: Record<string, string> = {
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
/** Rules POLICY.md marks "target": they run on lowered graphs, not in the built-in table. */
const TARGET_RULES = ["res.fargate-size", "res.fits-host", "log.retention", "avail.disruption-budget", "k8s.no-default-namespace"];

describe("the built-in rule table", () => {
  it("has every rule of part A with POLICY.md's severities, mandatory flag and targets", () => {
    const partA = Object.keys(POLICY).slice(0, 25);
    for (const id of partA) {
      const rule = findRule(id);
      expect(rule, id).toBeDefined();
      const letters = rule!.targets.map((t) => TARGET_LETTERS[t]).sort((a, b) => "DSEK".indexOf(a) - "DSEK".indexOf(b)).join("");
      expect(`${rule!.dev} ${rule!.prod}${rule!.mandatory ? "M" : ""} ${letters}`, id).toBe(POLICY[id]);
    }
  });

  it("matches POLICY.md for every registered rule, and registers no target rule", () => {
    for (const rule of BUILTIN_RULES) {
      const letters = rule.targets.map((t) => TARGET_LETTERS[t]).sort((a, b) => "DSEK".indexOf(a) - "DSEK".indexOf(b)).join("");
      expect(`${rule.dev} ${rule.prod}${rule.mandatory ? "M" : ""} ${letters}`, rule.id).toBe(POLICY[rule.id]);
    }
    expect(BUILTIN_RULES.filter((r) => TARGET_RULES.includes(r.id))).toEqual([]);
    expect([...Object.keys(POLICY), ...TARGET_RULES].sort()).toEqual([...RULE_IDS].sort());
  });

  it("keys rules by the node kinds they run on", () => {
    expect(BUILTIN_TABLE.get("stack")?.map((r) => r.id)).toContain("image.lock-fresh");
    expect(BUILTIN_TABLE.get("job")?.map((r) => r.id)).toContain("lifecycle.job-bounds");
    expect(BUILTIN_TABLE.get("service")?.map((r) => r.id)).not.toContain("lifecycle.job-bounds");
  });
});
