/**
 * Profiles (docs/policy.md, "How rules apply"): each rule carries a level per built-in profile
 * (`dev`, `prod`) and the targets it applies to. These helpers turn that into "does it run,
 * and how loud".
 */
import type { TargetKind } from "../graph/schema.ts";
import type { Level, Rule, Severity } from "./types.ts";

/** A built-in profile. */
export type Profile = "dev" | "prod";

/** The rule's level in a profile. */
export function levelOf(rule: Pick<Rule, "dev" | "prod">, profile: Profile): Level {
  return profile === "dev" ? rule.dev : rule.prod;
}

/** The severity a rule's findings get in a profile, or undefined when the rule is off. */
export function severityOf(rule: Pick<Rule, "dev" | "prod">, profile: Profile): Severity | undefined {
  const level = levelOf(rule, profile);
  return level === "E" ? "error" : level === "W" ? "warning" : undefined;
}

/** True when the rule cannot be waived in the profile: a rule's mandatory flag holds in prod only, so dev stays workable. */
export function isMandatory(rule: Pick<Rule, "mandatory">, profile: Profile): boolean {
  return rule.mandatory && profile === "prod";
}

/** True when the rule's setting exists on the target (otherwise it is skipped there). */
export function appliesTo(rule: Pick<Rule, "targets">, target: TargetKind): boolean {
  return rule.targets.includes(target);
}

/** One-letter target codes, as docs/policy.md's catalogue writes targets. */
export const TARGET_LETTERS: Readonly<Record<TargetKind, string>> = {
  "docker-host": "D",
  swarm: "S",
  fargate: "E",
  kubernetes: "K",
};

/** Every target, for rules whose setting exists on all of them. */
export const ALL_TARGETS: readonly TargetKind[] = ["docker-host", "swarm", "fargate", "kubernetes"];
