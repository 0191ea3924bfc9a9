import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../../sdk/core/rule-ids.ts";
import { BUILTIN_RULES, BUILTIN_TABLE, findRule } from "../../../sdk/policy/registry.ts";
import { catalogueRow, POLICY, TARGET_RULES } from "./catalogue.ts";

describe("the built-in rule table", () => {
  it("has every rule of part A with POLICY.md's severities, mandatory flag and targets", () => {
    const partA = Object.keys(POLICY).slice(0, 25);
    for (const id of partA) {
      const rule = findRule(id);
      expect(rule, id).toBeDefined();
      expect(catalogueRow(rule!), id).toBe(POLICY[id]);
    }
  });

  it("matches POLICY.md for every registered rule, and registers no target rule", () => {
    for (const rule of BUILTIN_RULES) {
      expect(catalogueRow(rule), rule.id).toBe(POLICY[rule.id]);
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
