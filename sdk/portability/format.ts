/**
 * Text rendering of portability reports: one table per target (feature | support | nodes | note),
 * as `berth check` prints it.
 */
import { SUPPORTS } from "../core/features.ts";
import { formatFinding, waiveLine } from "../policy/format.ts";
import type { Finding } from "../policy/types.ts";
import { failsCheck, type PortabilityEntry, type PortabilityReport } from "./report.ts";

/** Nodes listed per row before the rest is counted ("+12 more"): large stacks stay readable. */
const MAX_NODES = 3;

function nodesCell(nodes: readonly string[]): string {
  if (nodes.length <= MAX_NODES) return nodes.join(", ");
  return `${nodes.slice(0, MAX_NODES).join(", ")} +${nodes.length - MAX_NODES} more`;
}

function supportCell(e: PortabilityEntry): string {
  if (!failsCheck(e.support)) return e.support;
  return e.acknowledged ? `${e.support} (ack)` : `✖ ${e.support}`;
}

/** One line counting the report's rows by support level. */
export function portabilitySummary(report: PortabilityReport): string {
  const counts = SUPPORTS.map((s) => `${report.entries.filter((e) => e.support === s).length} ${s}`);
  const acked = report.entries.filter((e) => e.acknowledged).length;
  return `${report.entries.length} features used: ${counts.join(", ")}${acked > 0 ? ` (${acked} acknowledged)` : ""}`;
}

/**
 * Renders one or more reports, a table per target. Acknowledged rows carry the reason on the
 * line below; unacknowledged degraded/unsupported rows are marked ✖.
 */
export function formatPortability(reports: PortabilityReport | readonly PortabilityReport[]): string {
  const list = Array.isArray(reports) ? (reports as readonly PortabilityReport[]) : [reports as PortabilityReport];
  return list.map(formatOne).join("\n");
}

function formatOne(report: PortabilityReport): string {
  const header = ["FEATURE", "SUPPORT", "NODES", "NOTE"] as const;
  const rows = report.entries.map((e) => [e.feature, supportCell(e), nodesCell(e.nodes), e.note] as const);
  const width = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i < 3 ? c.padEnd(width[i]!) : c)).join("  ")}`.trimEnd();
  const lines = [`Portability of ${report.stack} on ${report.target}:`];
  if (report.entries.length === 0) {
    lines.push("  (no features used)");
    return `${lines.join("\n")}\n`;
  }
  lines.push(line(header));
  report.entries.forEach((e, i) => {
    lines.push(line(rows[i]!));
    if (e.acknowledged) {
      const a = e.acknowledged;
      const extra = [a.owner, a.expires ? `expires ${a.expires}` : undefined].filter(Boolean).join(", ");
      const indent = " ".repeat(2 + width[0]! + 2);
      lines.push(`${indent}acknowledged: ${a.reason}${extra ? ` (${extra})` : ""}`);
    }
  });
  lines.push(`  ${portabilitySummary(report)}`);
  return `${lines.join("\n")}\n`;
}

/** The `stack.portability.acknowledge(...)` call that would accept a portability finding. */
export function acknowledgeLine(f: Finding): string {
  const on = f.node !== undefined ? `on: ${f.path.split("/").pop()}, ` : "";
  return `stack.portability.acknowledge("${f.rule.slice("portability.".length)}", { ${on}reason: "..." })`;
}

/**
 * A portability finding in POLICY.md's message format; its Waive line is the acknowledgement
 * (`stack.portability.acknowledge`), since portability ids are not policy rule ids.
 */
export function formatPortabilityFinding(f: Finding): string {
  return formatFinding(f).replace(`Waive: ${waiveLine(f)}`, `Waive: ${acknowledgeLine(f)}`);
}
