import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule, Violation } from "../types.ts";

/**
 * env.no-duplicates: one setting has one source. Flags env vars that differ only by case
 * (`API_KEY`, `api_key`), a variable set both directly and as a file (`FOO` and `FOO_FILE`),
 * and a variable set directly that is also delivered as the secret file of the same name.
 */
export const envNoDuplicates: Rule = {
  id: "env.no-duplicates",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "swarm", "fargate", "kubernetes"],
  dev: "E",
  prod: "E",
  mandatory: false,
  why: "when one setting has two sources, which one wins depends on the target and the app's library; the other is silently ignored.",
  fix: "keep one: the secret file (FOO_FILE) for secrets, env for plain config",
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    const names = Object.keys(w.spec.env).sort();
    const byUpper = new Map<string, string[]>();
    for (const n of names) byUpper.set(n.toUpperCase(), [...(byUpper.get(n.toUpperCase()) ?? []), n]);
    for (const [, group] of [...byUpper].sort()) {
      if (group.length > 1) {
        out.push({ field: `env.${group[1]}`, found: JSON.stringify(group), message: `${describeNode(w)} defines env ${group.join(" and ")}, which differ only by case.` });
      }
    }
    const upper = new Set(byUpper.keys());
    for (const n of names) {
      const m = /^(.+)_FILE$/i.exec(n);
      if (m && upper.has(m[1]!.toUpperCase())) {
        const plain = byUpper.get(m[1]!.toUpperCase())![0]!;
        out.push({ field: `env.${plain}`, found: JSON.stringify([plain, n]), message: `${describeNode(w)} defines both ${plain} and ${n}.` });
      }
    }
    for (const s of [...w.spec.secrets].sort((a, b) => (a.target < b.target ? -1 : 1))) {
      const file = s.target.split("/").pop()!;
      const same = byUpper.get(file.toUpperCase());
      if (same) {
        out.push({
          field: `env.${same[0]}`,
          found: JSON.stringify([same[0], `secrets.${s.target}`]),
          message: `${describeNode(w)} defines env ${same[0]} and also mounts the secret file ${file}.`,
        });
      }
    }
    return out;
  },
};
