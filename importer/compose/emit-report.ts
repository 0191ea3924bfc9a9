import type { Finding } from "../../sdk/policy/types.ts";
import type { LedgerEntry } from "./ledger.ts";

/** What IMPORT.md and the command's summary are made of. */
export interface ImportReport {
  readonly stackName: string;
  readonly sources: readonly string[];
  readonly services: readonly { readonly name: string; readonly variable: string; readonly ctor: string }[];
  readonly entries: readonly LedgerEntry[];
  readonly skipped: readonly { readonly name: string; readonly profiles: readonly string[] }[];
  readonly findings: readonly Finding[];
  readonly configKeys: readonly { readonly key: string; readonly secret: boolean }[];
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** IMPORT.md: one table of every compose field, then secrets moved, then policy findings with fixes. */
export function emitImportMd(r: ImportReport): string {
  const count = (s: string) => r.entries.filter((e) => e.status === s).length;
  const lines = [
    `# Import of ${r.sources.join(", ")}`,
    "",
    `Stack \`${r.stackName}\`: ${r.services.map((s) => `${s.ctor} \`${s.variable}\` (${s.name})`).join(", ")}.`,
    `${count("mapped")} fields mapped, ${count("transformed")} transformed, ${count("not mapped")} not mapped.`,
    "",
    "Berth's secure defaults apply to every imported workload unless the compose file set the field: read-only root filesystem, all capabilities dropped, no-new-privileges, an init process, rotated json-file logs, restart unless-stopped. An image that writes outside its volumes needs `tmpfs` paths or `readOnlyRootFilesystem: false`; one that needs a capability needs `capabilities.add`.",
    "",
    "## Fields",
    "",
    "| compose path | status | what happened | what to do |",
    "|---|---|---|---|",
    ...r.entries.map((e) => `| \`${cell(e.path)}\` | ${e.status} | ${cell(e.note)} | ${cell(e.fix ?? "")} |`),
  ];
  if (r.skipped.length) {
    lines.push("", "## Services not imported", "", ...r.skipped.map((s) => `- \`${s.name}\`: in profile ${s.profiles.join(", ")}, which was not active. Import with \`--profile ${s.profiles[0]}\` to include it.`));
  }
  const secrets = r.configKeys.filter((k) => k.secret);
  if (secrets.length) {
    lines.push("", "## Secrets moved to config", "", "These values were literals in the compose project. They are now stack config read as secrets; their values are in the stack's config file for a first run only:", "", ...secrets.map((k) => `- \`${k.key}\`: set it with \`pulumi config set --secret ${k.key}\` or the environment variable \`BERTH_CONFIG_${k.key.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}\`, then delete it from the file.`));
  }
  const open = r.findings.filter((f) => !f.suppressed);
  lines.push("", "## Policy findings (`berth check`)", "");
  if (!open.length) lines.push("None: the imported stack passes the policy pack.");
  else {
    lines.push("The import does not waive policy: these are what `berth check` reports on the imported stack.", "", "| severity | rule | where | finding | fix |", "|---|---|---|---|---|");
    lines.push(...open.map((f) => `| ${f.severity} | ${f.rule} | \`${cell(f.node ?? f.path)}\` | ${cell(f.message)} | ${cell(f.fix)} |`));
  }
  return `${lines.join("\n")}\n`;
}

/** The summary `berth import` prints: counts, what needs attention, the policy verdict. */
export function summaryText(r: ImportReport, outDir: string): string {
  const by = (s: string) => r.entries.filter((e) => e.status === s);
  const open = r.findings.filter((f) => !f.suppressed);
  const errors = open.filter((f) => f.severity === "error").length;
  return [
    `Imported ${r.services.length} service${r.services.length === 1 ? "" : "s"} into ${outDir} (stack ${r.stackName}): ${by("mapped").length} fields mapped, ${by("transformed").length} transformed, ${by("not mapped").length} not mapped.`,
    ...by("not mapped").map((e) => `  not mapped  ${e.path}: ${e.note}. ${e.fix ?? ""}`.trimEnd()),
    ...by("transformed").map((e) => `  transformed ${e.path}: ${e.note}.`),
    ...r.skipped.map((s) => `  skipped     services.${s.name}: profile ${s.profiles.join(", ")} not active`),
    `Policy: ${errors} error${errors === 1 ? "" : "s"}, ${open.length - errors} warning${open.length - errors === 1 ? "" : "s"} (berth check ${outDir}); IMPORT.md has each with its fix.`,
  ].join("\n");
}
