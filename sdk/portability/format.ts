/**
 * Text rendering of portability reports: one table per target (feature | support | nodes | note),
 * as `berth check` prints it. A row whose nodes all use the feature through Berth's secure
 * defaults reads `default`, with what the default became on the target as its note.
 */
import { SUPPORTS } from "../core/features.ts";
import { formatFinding, waiveLine } from "../policy/format.ts";
import type { Finding } from "../policy/types.ts";
import { entryFails, explicitNodes, failsCheck, isDefaultOnly, type PortabilityEntry, type PortabilityReport } from "./report.ts";

/** Nodes listed per row before the rest is counted ("+12 more"): large stacks stay readable. */
const MAX_NODES = 3;

function nodesCell(nodes: readonly string[]): string {
  if (nodes.length <= MAX_NODES) return nodes.join(", ");
  return `${nodes.slice(0, MAX_NODES).join(", ")} +${nodes.length - MAX_NODES} more`;
}

function supportCell(e: PortabilityEntry): string {
  if (isDefaultOnly(e)) return "default";
  if (!failsCheck(e.support)) return e.support;
  return e.acknowledged ? `${e.support} (ack)` : `✖ ${e.support}`;
}

/** The row's note: what the feature, or for a default-only row Berth's default, becomes. */
function noteCell(e: PortabilityEntry): string {
  return isDefaultOnly(e) ? (e.asDefault ?? e.note) : e.note;
}

/**
 * One line counting the report's rows by support level; rows used only through Berth's
 * defaults are counted apart ("by default").
 */
export function portabilitySummary(report: PortabilityReport): string {
  const own = report.entries.filter((e) => !isDefaultOnly(e));
  const counts = SUPPORTS.map((s) => `${own.filter((e) => e.support === s).length} ${s}`);
  const byDefault = report.entries.length - own.length;
  const acked = report.entries.filter((e) => e.acknowledged).length;
  return `${report.entries.length} features used: ${counts.join(", ")}, ${byDefault} by default${acked > 0 ? ` (${acked} acknowledged)` : ""}`;
}

/**
 * Renders one or more reports, a table per target. Acknowledged rows carry the reason on the
 * line below; unacknowledged degraded/unsupported rows are marked ✖; a failing row that some
 * nodes use only by default says on the line below what the default became for them.
 */
export function formatPortability(reports: PortabilityReport | readonly PortabilityReport[]): string {
  const list = Array.isArray(reports) ? (reports as readonly PortabilityReport[]) : [reports as PortabilityReport];
  return list.map(formatOne).join("\n");
}

function formatOne(report: PortabilityReport): string {
  const header = ["FEATURE", "SUPPORT", "NODES", "NOTE"] as const;
  const rows = report.entries.map((e) => [e.feature, supportCell(e), nodesCell(entryFails(e) ? explicitNodes(e) : e.nodes), noteCell(e)] as const);
  const width = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i < 3 ? c.padEnd(width[i]!) : c)).join("  ")}`.trimEnd();
  const lines = [`Portability of ${report.stack} on ${report.target}:`];
  if (report.entries.length === 0) {
    lines.push("  (no features used)");
    return `${lines.join("\n")}\n`;
  }
  lines.push(line(header));
  const indent = " ".repeat(2 + width[0]! + 2);
  report.entries.forEach((e, i) => {
    lines.push(line(rows[i]!));
    if (entryFails(e) && e.byDefault !== undefined) lines.push(`${indent}default on ${nodesCell(e.byDefault)}: ${e.asDefault ?? e.note}`);
    if (e.acknowledged) {
      const a = e.acknowledged;
      const extra = [a.owner, a.expires ? `expires ${a.expires}` : undefined].filter(Boolean).join(", ");
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
 * A portability finding in the finding format (docs/policy.md, "Message format"); its Waive line is the acknowledgement
 * (`stack.portability.acknowledge`), since portability ids are not policy rule ids.
 */
export function formatPortabilityFinding(f: Finding): string {
  return formatFinding(f).replace(`Waive: ${waiveLine(f)}`, `Waive: ${acknowledgeLine(f)}`);
}
