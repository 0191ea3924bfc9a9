/**
 * The policy engine and built-in pack (POLICY.md): `checkGraph` runs the rules for the stack's
 * profile and target, `formatReport` renders the result.
 * @packageDocumentation
 */
export { checkGraph, ruleContext, runRule, type CheckOptions, type CheckResult } from "./check.ts";
export { formatFinding, formatReport, formatSummary, waiveLine } from "./format.ts";
export { BUILTIN_RULES, BUILTIN_TABLE, findRule, ruleTable, type RuleTable, type RuleTarget } from "./registry.ts";
export { appliesTo, isMandatory, levelOf, severityOf, TARGET_LETTERS, type Profile } from "./profiles.ts";
export { resolveWaiver, waiverExpired, waiverMatches, type WaiverOutcome } from "./suppressions.ts";
export type { Finding, Level, Rule, RuleContext, Severity, Violation } from "./types.ts";
export { asWorkload, describeNode, imageOf, showEnvValue, WORKLOAD_KINDS } from "./describe.ts";
export { RULES_A } from "./rules/set-a.ts";
export { RULES_B } from "./rules/set-b.ts";
