import type { Command } from "commander";
import { RULE_IDS } from "../../sdk/core/rule-ids.ts";
import type { TargetKind } from "../../sdk/graph/schema.ts";
import { checkGraph } from "../../sdk/policy/check.ts";
import { formatFinding } from "../../sdk/policy/format.ts";
import { appliesTo, levelOf, TARGET_LETTERS } from "../../sdk/policy/profiles.ts";
import { BUILTIN_RULES } from "../../sdk/policy/registry.ts";
import type { Finding } from "../../sdk/policy/types.ts";
import { formatPortability, formatPortabilityFinding } from "../../sdk/portability/format.ts";
import { portabilityFindings, portabilityReport, portabilityReports } from "../../sdk/portability/report.ts";
import { EXIT } from "../exit-codes.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, progress, run } from "../output.ts";

/** Options of `berth check`. */
interface CheckCommandOptions {
  readonly json?: boolean;
  readonly explain?: boolean;
  readonly allTargets?: boolean;
}

/** A rule that did not run, and why. */
interface SkippedRule {
  readonly rule: string;
  readonly reason: string;
}

/** Counts over findings: unsuppressed errors and warnings, and suppressed ones. */
interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

function count(findings: readonly Finding[]): Counts {
  return {
    errors: findings.filter((f) => !f.suppressed && f.severity === "error").length,
    warnings: findings.filter((f) => !f.suppressed && f.severity === "warning").length,
    suppressed: findings.filter((f) => f.suppressed).length,
  };
}

/**
 * Rules that did not run on this stack: not defined for its target, off in its profile, or
 * target rules (POLICY.md "target"), which need the lowered graph and are not in the portable pack.
 */
function skippedRules(target: TargetKind, profile: "dev" | "prod"): SkippedRule[] {
  const letters = (ts: readonly TargetKind[]) => ts.map((t) => TARGET_LETTERS[t]).join("");
  const portable = new Set<string>(BUILTIN_RULES.map((r) => r.id));
  const targetRules = RULE_IDS.filter((id) => !portable.has(id)).map((id): SkippedRule => ({
    rule: id,
    reason: "a target rule: it checks the lowered target graph, which berth check does not build",
  }));
  return [...BUILTIN_RULES.flatMap((r): SkippedRule[] => {
    if (!appliesTo(r, target)) {
      return [{ rule: r.id, reason: `not defined for ${target}: applies to ${letters(r.targets)} only (the setting does not exist there)` }];
    }
    if (levelOf(r, profile) === "-") return [{ rule: r.id, reason: `off in the ${profile} profile` }];
    return [];
  }), ...targetRules];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * `berth check <stackdir>`: the policy pack plus the portability report. Exits 3 when any
 * unsuppressed error remains (policy or portability), else 0.
 */
export function register(program: Command): void {
  program
    .command("check")
    .description("check a stack against the policy pack and its target's capabilities (exit 3 on errors)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--json", "machine-readable output: { ok, findings, portability, summary }")
    .option("--explain", "also list the rules skipped on this target or profile, and why")
    .option("--all-targets", "print the portability report for all four targets")
    .action((dir: string, opts: CheckCommandOptions) =>
      run(async () => {
        const { graph, lock, dir: stackDir } = await loadStack(dir);
        const { profile, name, environment } = graph.stack;
        const target = graph.stack.target.kind;
        progress(`berth check: ${name} (${environment}) on ${target}, ${profile} profile`);
        const now = new Date();
        const policy = checkGraph(graph, { now, stackDir, ...(lock ? { lock } : {}) });
        const own = portabilityReport(graph, target, { now });
        const portable = portabilityFindings(own, graph, now);
        const reports = opts.allTargets ? portabilityReports(graph, { now }) : [own];
        const findings = [...policy.findings, ...portable];
        const total = count(findings);
        const ok = total.errors === 0;
        const skipped = opts.explain ? skippedRules(target, profile) : [];
        const summary = {
          ...total,
          policy: count(policy.findings),
          portability: count(portable),
        };
        if (opts.json) {
          outJson({
            ok,
            stack: { name, environment, profile, target },
            findings,
            portability: opts.allTargets ? reports : own,
            summary,
            ...(opts.explain ? { skipped } : {}),
          });
        } else {
          const blocks = [
            ...policy.findings.map(formatFinding),
            ...portable.map(formatPortabilityFinding),
            formatPortability(reports).trimEnd(),
          ];
          if (opts.explain) {
            const width = Math.max(0, ...skipped.map((s) => s.rule.length));
            blocks.push(
              skipped.length === 0
                ? `Skipped rules: none (every rule runs on ${target} in the ${profile} profile)`
                : [`Skipped rules on ${target} (${profile} profile):`, ...skipped.map((s) => `  ${s.rule.padEnd(width)}  ${s.reason}`)].join("\n"),
            );
          }
          const line =
            `${ok ? "✔" : "✖"} ${name} on ${target}: ${plural(total.errors, "error")} ` +
            `(${summary.policy.errors} policy, ${summary.portability.errors} portability), ` +
            `${plural(total.warnings, "warning")}, ${total.suppressed} suppressed`;
          blocks.push(line);
          out(blocks.join("\n\n"));
        }
        return ok ? EXIT.ok : EXIT.findings;
      }, opts),
    );
}
