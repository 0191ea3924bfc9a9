/**
 * The rule table: every built-in rule, keyed by the node kind it runs on (compose-go style).
 * Target rules (POLICY.md "target") are not in this table: they are passed to `checkGraph`
 * through `extraRules` together with the lowered graph (`CheckOptions.lowered`).
 */
import type { NodeKind } from "../graph/schema.ts";
import { RULES_A } from "./rules/set-a.ts";
import { RULES_B } from "./rules/set-b.ts";
import type { Rule } from "./types.ts";

/** Where a rule runs: a node kind, or `stack` (once per graph). */
export type RuleTarget = NodeKind | "stack";

/** A rule table keyed by node kind. */
export type RuleTable = ReadonlyMap<RuleTarget, readonly Rule[]>;

/**
 * Builds a table from a list of rules. Throws on a duplicate id: two rules answering for one id
 * would make waivers and profiles ambiguous.
 */
export function ruleTable(rules: readonly Rule[]): RuleTable {
  const seen = new Set<string>();
  const table = new Map<RuleTarget, Rule[]>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new Error(`Policy rule '${rule.id}' is registered twice.`);
    seen.add(rule.id);
    for (const kind of rule.on) {
      const list = table.get(kind) ?? [];
      list.push(rule);
      table.set(kind, list);
    }
  }
  return table;
}

/** Every built-in rule that runs on the portable graph, in POLICY.md order. */
export const BUILTIN_RULES: readonly Rule[] = [...RULES_A, ...RULES_B];

/** The built-in rules by node kind. */
export const BUILTIN_TABLE: RuleTable = ruleTable(BUILTIN_RULES);

/** A built-in rule by id, or undefined (target rules and unknown ids). */
export function findRule(id: string): Rule | undefined {
  return BUILTIN_RULES.find((r) => r.id === id);
}
