/**
 * The policy engine and built-in pack (docs/policy.md): `checkGraph` runs the rules for the
 * stack's profile and target, `formatReport` renders the result.
 * @packageDocumentation
 */
export { checkGraph, ruleContext, runRule, unmetNeed, type CheckOptions, type CheckResult, type SkippedRule, type TargetRules } from "./check.ts";
export { formatFinding, formatReport, formatSummary, waiveLine } from "./format.ts";
export { BUILTIN_RULES, BUILTIN_TABLE, findRule, isTargetRule, ruleTable, type RuleTable, type RuleTarget } from "./registry.ts";
export { ALL_TARGETS, appliesTo, isMandatory, levelOf, severityOf, TARGET_LETTERS, type Profile } from "./profiles.ts";
export { RULE_SECTIONS, sectionOf, type RuleSection } from "./sections.ts";
export { resolveWaiver, waiverExpired, waiverMatches, type WaiverOutcome } from "./suppressions.ts";
export type { Finding, Level, Rule, RuleContext, RuleNeeds, Severity, TargetFacts, Violation } from "./types.ts";
export { asWorkload, describeNode, imageOf, showEnvValue, WORKLOAD_KINDS } from "./describe.ts";
