import { asWorkload, describeNode, WORKLOAD_KINDS, sortedEnvNames } from "../describe.ts";
import type { Rule, Violation } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

const FILE_VAR = /^(.+)_FILE$/i;

/**
 * env.no-duplicates: one setting has one source. Flags env vars that differ only by case
 * (`API_KEY`, `api_key`), a variable set both directly and as a file (`FOO` and `FOO_FILE`),
 * and a variable set directly that is also delivered as the secret file of the same name.
 */
export const envNoDuplicates: Rule = {
  id: "env.no-duplicates",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: false,
  summary: "One setting has one source: no env vars differing only by case, no `FOO` next to `FOO_FILE` or a secret file of that name",
  why: "when one setting has two sources, which one wins depends on the target and the app's library; the other is silently ignored.",
  fix: "keep one: the secret file (FOO_FILE) for secrets, env for plain config",
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    const names = sortedEnvNames(w);
    const byUpper = new Map<string, string[]>();
    let clash = false;
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      const u = n.toUpperCase();
      const group = byUpper.get(u);
      if (group) {
        group.push(n);
        clash = true;
      } else byUpper.set(u, [n]);
    }
    // Sorting only the clashing groups gives the order sorting all of them would (the sort is stable).
    if (clash) {
      for (const [, group] of [...byUpper].filter(([, g]) => g.length > 1).sort()) {
        out.push({ field: `env.${group[1]}`, found: JSON.stringify(group), message: `${describeNode(w)} defines env ${group.join(" and ")}, which differ only by case.` });
      }
    }
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      // Only a name ending in _FILE (any case) can match; the check saves a regex run per name.
      if (n.length < 6 || n.charCodeAt(n.length - 5) !== 95) continue;
      const m = FILE_VAR.exec(n);
      if (m && byUpper.has(m[1]!.toUpperCase())) {
        const plain = byUpper.get(m[1]!.toUpperCase())![0]!;
        out.push({ field: `env.${plain}`, found: JSON.stringify([plain, n]), message: `${describeNode(w)} defines both ${plain} and ${n}.` });
      }
    }
    if (w.spec.secrets.length === 0) return out;
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
