import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../../../sdk/policy/registry.ts";
import { AVAILABILITY_RULES } from "../../../sdk/policy/rules/availability.ts";
import { CONFIG_AND_SECRETS_RULES } from "../../../sdk/policy/rules/config-and-secrets.ts";
import { GRAPH_RULES } from "../../../sdk/policy/rules/graph.ts";
import { HEALTH_AND_LIFECYCLE_RULES } from "../../../sdk/policy/rules/health-and-lifecycle.ts";
import { LOGGING_RULES } from "../../../sdk/policy/rules/logging.ts";
import { NETWORKING_RULES } from "../../../sdk/policy/rules/networking.ts";
import { RESOURCE_RULES } from "../../../sdk/policy/rules/resources.ts";
import { SECURITY_RULES } from "../../../sdk/policy/rules/security.ts";
import { SUPPLY_CHAIN_RULES } from "../../../sdk/policy/rules/supply-chain.ts";
import { RULE_SECTIONS, sectionOf } from "../../../sdk/policy/sections.ts";
import type { Rule } from "../../../sdk/policy/types.ts";
import { catalogueRow, POLICY } from "./catalogue.ts";

const LISTS: Record<string, readonly Rule[]> = {
  "Supply chain": SUPPLY_CHAIN_RULES,
  "Config and secrets": CONFIG_AND_SECRETS_RULES,
  Resources: RESOURCE_RULES,
  "Health and lifecycle": HEALTH_AND_LIFECYCLE_RULES,
  Security: SECURITY_RULES,
  Logging: LOGGING_RULES,
  Networking: NETWORKING_RULES,
  Availability: AVAILABILITY_RULES,
  Graph: GRAPH_RULES,
};

describe("the rule lists by section", () => {
  it("have one list per catalogue section, and the registry takes them in section order", () => {
    expect(Object.keys(LISTS)).toEqual(RULE_SECTIONS.map((s) => s.title));
    expect(BUILTIN_RULES.map((r) => r.id)).toEqual(Object.values(LISTS).flat().map((r) => r.id));
  });

  it.each(Object.entries(LISTS))("puts in the %s list only rules whose id prefix is of that section", (title, rules) => {
    expect(rules.filter((r) => sectionOf(r.id).title !== title).map((r) => r.id)).toEqual([]);
  });

  it("keeps the catalogue's order, levels, mandatory flags and targets", () => {
    expect(BUILTIN_RULES.map((r) => r.id)).toEqual(Object.keys(POLICY));
    expect(BUILTIN_RULES.filter((r) => catalogueRow(r) !== POLICY[r.id]).map((r) => r.id)).toEqual([]);
  });

  it("gives every rule a one-line summary, a why and a fix", () => {
    expect(BUILTIN_RULES.filter((r) => r.summary.length < 10 || r.summary.includes("\n") || r.summary.endsWith(".")).map((r) => r.id)).toEqual([]);
    expect(BUILTIN_RULES.filter((r) => r.why.length < 20 || r.fix.length < 10).map((r) => r.id)).toEqual([]);
  });

  it("refuses an id whose prefix no section claims", () => {
    expect(() => sectionOf("ecs.task-role")).toThrow(
      "Policy rule 'ecs.task-role' has the prefix 'ecs', which no catalogue section claims (sdk/policy/sections.ts).",
    );
  });
});
