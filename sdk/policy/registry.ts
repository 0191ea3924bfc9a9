/**
 * The rule table: every built-in rule, keyed by the node kind it runs on (compose-go style).
 * Target rules are not in this table: a target ships its own (e.g. `DOCKER_TARGET_RULES`) and
 * the caller passes them to `checkGraph` as `target.rules`, with the lowered graph.
 */
import type { NodeKind } from "../graph/schema.ts";
import { AVAILABILITY_RULES } from "./rules/availability.ts";
import { CONFIG_AND_SECRETS_RULES } from "./rules/config-and-secrets.ts";
import { GRAPH_RULES } from "./rules/graph.ts";
import { HEALTH_AND_LIFECYCLE_RULES } from "./rules/health-and-lifecycle.ts";
import { LOGGING_RULES } from "./rules/logging.ts";
import { NETWORKING_RULES } from "./rules/networking.ts";
import { RESOURCE_RULES } from "./rules/resources.ts";
import { SECURITY_RULES } from "./rules/security.ts";
import { SUPPLY_CHAIN_RULES } from "./rules/supply-chain.ts";
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

/** Every built-in rule that runs on the portable graph, by section in catalogue order. */
export const BUILTIN_RULES: readonly Rule[] = [
  ...SUPPLY_CHAIN_RULES,
  ...CONFIG_AND_SECRETS_RULES,
  ...RESOURCE_RULES,
  ...HEALTH_AND_LIFECYCLE_RULES,
  ...SECURITY_RULES,
  ...LOGGING_RULES,
  ...NETWORKING_RULES,
  ...AVAILABILITY_RULES,
  ...GRAPH_RULES,
];

/** The built-in rules by node kind. */
export const BUILTIN_TABLE: RuleTable = ruleTable(BUILTIN_RULES);

/** A built-in rule by id, or undefined (target rules and unknown ids). */
export function findRule(id: string): Rule | undefined {
  return BUILTIN_RULES.find((r) => r.id === id);
}

/** True for a target rule: one that needs the graph lowered for a target (`needs.lowered`). */
export function isTargetRule(rule: Pick<Rule, "needs">): boolean {
  return rule.needs?.lowered === true;
}
