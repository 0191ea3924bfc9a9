import type { Command } from "commander";
import { formatIssue } from "../../sdk/core/errors.ts";
import { RULE_IDS } from "../../sdk/core/rule-ids.ts";
import type { TargetKind } from "../../sdk/graph/schema.ts";
import { formatFinding } from "../../sdk/policy/format.ts";
import { appliesTo, levelOf, TARGET_LETTERS } from "../../sdk/policy/profiles.ts";
import { BUILTIN_RULES } from "../../sdk/policy/registry.ts";
import type { Finding } from "../../sdk/policy/types.ts";
import { formatPortability, formatPortabilityFinding } from "../../sdk/portability/format.ts";
import { portabilityFindings, portabilityReport } from "../../sdk/portability/report.ts";
import { providerOf, providers } from "../../providers/registry.ts";
import type { TargetFacts, TargetProvider } from "../../providers/shared/provider.ts";
import { EXIT } from "../exit-codes.ts";
import { runGate, stackInput } from "../gate.ts";
import { loadStack, type LoadedStack } from "../load-stack.ts";
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
 * target rules that belong to other targets.
 */
function skippedRules(target: TargetProvider, profile: "dev" | "prod", gateSkipped: readonly SkippedRule[], factsNote: string | undefined): SkippedRule[] {
  const kind = target.kind;
  const letters = (ts: readonly TargetKind[]) => ts.map((t) => TARGET_LETTERS[t]).join("");
  const portable = new Set<string>(BUILTIN_RULES.map((r) => r.id));
  const own = new Set<string>(target.targetRules.map((r) => r.id));
  const targetRules = RULE_IDS.filter((id) => !portable.has(id)).flatMap((id): SkippedRule[] => {
    if (!own.has(id)) return [{ rule: id, reason: `a target rule of another target: ${target.title} does not register it` }];
    const skipped = gateSkipped.find((s) => s.rule === id);
    return skipped ? [{ rule: id, reason: `${skipped.reason}${factsNote ? ` (the platform did not answer: ${factsNote})` : ""}` }] : [];
  });
  return [...BUILTIN_RULES.flatMap((r): SkippedRule[] => {
    if (!appliesTo(r, kind)) {
      return [{ rule: r.id, reason: `not defined for ${kind}: applies to ${letters(r.targets)} only (the setting does not exist there)` }];
    }
    if (levelOf(r, profile) === "-") return [{ rule: r.id, reason: `off in the ${profile} profile` }];
    return [];
  }), ...targetRules];
}

/**
 * The live platform's facts for target rules, when an engine answers within a few seconds;
 * otherwise why not (the rules that need a fact skip it, and `--explain` says so).
 */
async function platformFacts(loaded: LoadedStack, target: TargetProvider): Promise<{ facts?: TargetFacts; note?: string }> {
  if (!target.engine) return { note: `${target.title} has no engine in this release` };
  let timer: NodeJS.Timeout | undefined;
  try {
    const session = target.engine.open(stackInput(loaded), { resolveSecrets: false });
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("no answer within 5 s")), 5000)));
    return { facts: await Promise.race([session.facts(), timeout]) };
  } catch (e) {
    return { note: e instanceof Error ? e.message.split("\n")[0] : String(e) };
  } finally {
    clearTimeout(timer);
  }
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
    .description("check a stack against the policy pack, its target's rules and capabilities (exit 3 on errors)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--json", "machine-readable output: { ok, findings, portability, summary }")
    .option("--explain", "also list the rules skipped on this target or profile, and why")
    .option("--all-targets", "print the portability report for every target, and fail on portability errors on any of them")
    .action((dir: string, opts: CheckCommandOptions) =>
      run(async () => {
        const loaded = await loadStack(dir);
        const { graph } = loaded;
        const { profile, name, environment } = graph.stack;
        const target = providerOf(graph);
        const kind = target.kind;
        progress(`berth check: ${name} (${environment}) on ${kind}, ${profile} profile`);
        const now = new Date();
        const { facts, note } = await platformFacts(loaded, target);
        const gate = runGate(loaded, target, { now, ...(facts ? { facts } : {}) });
        const policy = { findings: gate.policy };
        const own = gate.report;
        // --all-targets: the graph must also be portable to every other target (its policy
        // verdict stays the stack's own target's and profile's).
        const others = opts.allTargets ? providers().filter((p) => p.kind !== kind).map((p) => portabilityReport(graph, p.kind, { now, table: p.capabilities })) : [];
        const portable = [...gate.portability, ...others.flatMap((r) => portabilityFindings(r, graph, now))];
        const reports = opts.allTargets ? providers().map((p) => (p.kind === kind ? own : others.find((r) => r.target === p.kind)!)) : [own];
        const findings = [...policy.findings, ...portable];
        const total = count(findings);
        // A graph the target's lowering refuses cannot be deployed there, whatever the rules say.
        const refused = gate.loweringError?.issues ?? [];
        const ok = total.errors === 0 && refused.length === 0;
        const skipped = opts.explain ? skippedRules(target, profile, gate.skipped, note) : [];
        const summary = {
          ...total,
          policy: count(policy.findings),
          portability: count(portable),
        };
        if (opts.json) {
          outJson({
            ok,
            stack: { name, environment, profile, target: kind },
            findings,
            portability: opts.allTargets ? reports : own,
            summary,
            ...(refused.length ? { lowering: refused } : {}),
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
                ? `Skipped rules: none (every rule runs on ${kind} in the ${profile} profile)`
                : [`Skipped rules on ${kind} (${profile} profile):`, ...skipped.map((s) => `  ${s.rule.padEnd(width)}  ${s.reason}`)].join("\n"),
            );
          }
          const line =
            `${ok ? "✔" : "✖"} ${name} on ${kind}: ${plural(total.errors, "error")} ` +
            `(${summary.policy.errors} policy, ${summary.portability.errors} portability), ` +
            `${plural(total.warnings, "warning")}, ${total.suppressed} suppressed`;
          if (refused.length) blocks.push(...refused.map(formatIssue), `✖ ${name} cannot be lowered for ${kind}: ${plural(refused.length, "error")} above`);
          blocks.push(line);
          out(blocks.join("\n\n"));
        }
        return ok ? EXIT.ok : EXIT.findings;
      }, opts),
    );
}
