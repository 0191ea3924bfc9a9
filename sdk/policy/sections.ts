/**
 * The sections of the rule catalogue. A rule's section follows from its id's prefix
 * (`image.tag-required` is supply chain), so a target's rules land in the right section too.
 */

/** One section of the catalogue (docs/policy.md is grouped by these). */
export interface RuleSection {
  readonly title: string;
  /** What the section's rules protect, in a sentence. */
  readonly about: string;
  /** Rule id prefixes (before the dot) that belong here. */
  readonly prefixes: readonly string[];
}

/** Every section, in catalogue order. */
export const RULE_SECTIONS: readonly RuleSection[] = [
  { title: "Supply chain", prefixes: ["image", "build"], about: "What runs is exactly what was reviewed: images are pinned, come from known registries, and carry no configuration or keys." },
  { title: "Config and secrets", prefixes: ["secret", "config", "env"], about: "Configuration lives in the stack, not in the program or the image, and credentials reach processes only as files." },
  { title: "Resources", prefixes: ["res"], about: "Every workload is bounded, so one of them cannot starve the others or be refused by the platform." },
  { title: "Health and lifecycle", prefixes: ["health", "lifecycle"], about: "The platform can tell when a workload is ready, restart it when it fails, and stop it cleanly." },
  { title: "Security", prefixes: ["sec"], about: "A compromised process stays inside its container: no root, no extra privileges, no way onto the host." },
  { title: "Logging", prefixes: ["log"], about: "Logs go somewhere known and cannot fill the disk." },
  { title: "Networking", prefixes: ["net"], about: "What is reachable, from where, is decided in the stack rather than by defaults." },
  { title: "Availability", prefixes: ["avail"], about: "A service survives a lost replica, host or zone, and a bad release rolls back." },
  { title: "Graph", prefixes: ["graph", "k8s"], about: "The graph itself is whole and lands where it should: references resolve, dependencies can be ordered, required labels are present, nothing goes to a default namespace." },
];

/** The section a rule id belongs to, by its prefix. Throws for a prefix no section claims. */
export function sectionOf(ruleId: string): RuleSection {
  const prefix = ruleId.slice(0, ruleId.indexOf("."));
  const section = RULE_SECTIONS.find((s) => s.prefixes.includes(prefix));
  if (!section) throw new Error(`Policy rule '${ruleId}' has the prefix '${prefix}', which no catalogue section claims (sdk/policy/sections.ts).`);
  return section;
}
