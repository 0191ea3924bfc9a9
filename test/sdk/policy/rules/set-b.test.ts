import { describe, expect, it } from "vitest";
import { TARGET_LETTERS } from "../../../../sdk/policy/profiles.ts";
import { RULES_B } from "../../../../sdk/policy/rules/set-b.ts";

/** POLICY.md's rows for part B: dev, prod (with M), targets. */
const TABLE: Record<string, string> = {
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

describe("RULES_B", () => {
  it("holds exactly the part-B rules of POLICY.md, in its order", () => {
    expect(RULES_B.map((r) => r.id)).toEqual(Object.keys(TABLE));
  });

  it.each(RULES_B.map((r) => [r.id, r] as const))("gives %s the levels, mandatory flag and targets of POLICY.md", (id, rule) => {
    const letters = (["docker-host", "swarm", "fargate", "kubernetes"] as const).filter((t) => rule.targets.includes(t)).map((t) => TARGET_LETTERS[t]).join("");
    expect(`${rule.dev} ${rule.prod}${rule.mandatory ? "M" : ""} ${letters}`).toBe(TABLE[id]);
  });

  it("gives every rule a why and a fix", () => {
    expect(RULES_B.filter((r) => r.why.length < 20 || r.fix.length < 10).map((r) => r.id)).toEqual([]);
  });
});
