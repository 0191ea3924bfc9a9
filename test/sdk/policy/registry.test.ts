import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../../sdk/core/rule-ids.ts";
import { BUILTIN_RULES, BUILTIN_TABLE, isTargetRule } from "../../../sdk/policy/registry.ts";
import { DOCKER_TARGET_RULES } from "../../../providers/docker/rules.ts";
import { catalogueRow, POLICY, TARGET_RULES } from "./catalogue.ts";

describe("the built-in rule table", () => {
  it("matches the catalogue for every registered rule, and registers no target rule", () => {
    for (const rule of BUILTIN_RULES) {
      expect(catalogueRow(rule), rule.id).toBe(POLICY[rule.id]);
    }
    expect(BUILTIN_RULES.filter((r) => TARGET_RULES.includes(r.id) || isTargetRule(r))).toEqual([]);
    expect([...Object.keys(POLICY), ...TARGET_RULES].sort()).toEqual([...RULE_IDS].sort());
  });

  it("leaves to targets exactly the ids their tables register as target rules", () => {
    expect(DOCKER_TARGET_RULES.map((r) => [r.id, isTargetRule(r)])).toEqual([["res.fits-host", true]]);
    expect(DOCKER_TARGET_RULES.filter((r) => !TARGET_RULES.includes(r.id))).toEqual([]);
  });

  it("keys rules by the node kinds they run on", () => {
    expect(BUILTIN_TABLE.get("stack")?.map((r) => r.id)).toContain("image.lock-fresh");
    expect(BUILTIN_TABLE.get("job")?.map((r) => r.id)).toContain("lifecycle.job-bounds");
    expect(BUILTIN_TABLE.get("service")?.map((r) => r.id)).not.toContain("lifecycle.job-bounds");
  });
});
