/**
 * Rendering of findings in the message format docs/policy.md describes. Wording lives here,
 * apart from the engine (check.ts) and the rules.
 */
import type { CheckResult } from "./check.ts";
import type { Finding } from "./types.ts";

/** The symbol that starts a finding: ✖ error, ⚠ warning, ○ suppressed. */
export function findingSymbol(f: Finding): string {
  if (f.suppressed) return "○";
  return f.severity === "error" ? "✖" : "⚠";
}

/** The `stack.policy.suppress(...)` call that would waive this finding. */
export function waiveLine(f: Finding): string {
  const on = f.node !== undefined ? `on: ${f.path.split("/").pop()}, ` : "";
  return `stack.policy.suppress("${f.rule}", { ${on}reason: "..." })`;
}

/** Formats one finding: problem, place, why, fix and the waiver call, or the waiver that covers it. */
export function formatFinding(f: Finding): string {
  const lines = [
    `${findingSymbol(f)} [${f.rule}] ${f.message}`,
    `  → at ${f.path}  (field: ${f.field}, found: ${f.found})`,
  ];
  if (f.suppressed) {
    const extra = [f.suppressed.owner, f.suppressed.expires !== undefined ? `expires ${f.suppressed.expires}` : undefined].filter(
      (x): x is string => x !== undefined,
    );
    lines.push(`  suppressed: ${f.suppressed.reason}${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`);
    return lines.join("\n");
  }
  lines.push(`  Why: ${f.why}`, `  Fix: ${f.fix}`);
  if (f.waivable !== false) lines.push(`  Waive: ${waiveLine(f)}`);
  if (f.waiverIgnored !== undefined) lines.push(`  Note: ${f.waiverIgnored}`);
  return lines.join("\n");
}

/** The summary line: counts of errors, warnings and suppressed findings. */
export function formatSummary(r: CheckResult): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(r.errors, "error")}, ${plural(r.warnings, "warning")}, ${r.suppressed} suppressed`;
}

/** Every finding (blank line between them) followed by the summary line. */
export function formatReport(r: CheckResult): string {
  return [...r.findings.map(formatFinding), formatSummary(r)].join("\n\n");
}
