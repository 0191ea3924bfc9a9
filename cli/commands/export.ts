import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { BerthError } from "../../sdk/core/errors.ts";
import { providerOf, providers } from "../../providers/registry.ts";
import type { ExportFormat, TargetProvider } from "../../providers/shared/provider.ts";
import { stackInput } from "../gate.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, progress, run } from "../output.ts";

/**
 * `berth export <stackdir> [--format f] [--out file]`: the stack as its platform's native files.
 * With `--out`, the files the main file refers to are written next to it; secret values are
 * never written (the command lists the secret files to provide).
 */
export function register(program: Command): void {
  const formats = providers().flatMap((p) => p.exports.map((e) => `${e.name} (${p.title})`));
  program
    .command("export")
    .description("export a stack as its target's native files (no secret values)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--format <format>", `output format, by target: ${formats.join(", ")}; default: the target's first`)
    .option("--out <file>", "write to a file (and the files it refers to next to it) instead of stdout")
    .option("--json", "machine-readable summary (with --out)")
    .action((dir: string, opts: { format?: string; out?: string; json?: boolean }) =>
      run(async () => {
        const loaded = await loadStack(dir);
        const target = providerOf(loaded.graph);
        const format = exportFormat(target, loaded.graph.stack.name, opts.format);
        const result = format.render(stackInput(loaded));
        for (const n of result.notes) progress(`note: ${n}`);
        if (!opts.out) {
          out(result.main.text);
          for (const p of Object.keys(result.files)) progress(`note: ${p} is referenced by the ${format.name} file; pass --out to write it`);
          for (const [p, id] of Object.entries(result.secrets)) progress(`provide ${p}: the value of secret '${id}' (never exported)`);
          return;
        }
        const main = resolve(opts.out);
        const base = dirname(main);
        mkdirSync(base, { recursive: true });
        writeFileSync(main, result.main.text);
        const written = Object.entries(result.files).map(([p, text]) => {
          mkdirSync(dirname(join(base, p)), { recursive: true });
          writeFileSync(join(base, p), text);
          return join(base, p);
        });
        if (opts.json) outJson({ ok: true, format: format.name, main, files: written, secrets: result.secrets, notes: result.notes });
        else {
          out(`wrote ${main}`);
          for (const p of written) out(`wrote ${p}`);
          for (const [p, id] of Object.entries(result.secrets)) out(`provide ${join(base, p)}: the value of secret '${id}' (never exported)`);
        }
      }, opts),
    );
}

/** The export format asked for (default: the target's first), or a clear error listing what the target offers. */
function exportFormat(target: TargetProvider, stack: string, asked: string | undefined): ExportFormat {
  const found = asked === undefined ? target.exports[0] : target.exports.find((e) => e.name === asked || e.aliases?.includes(asked));
  if (found) return found;
  const offered = target.exports.map((e) => e.name);
  const elsewhere = asked === undefined ? [] : providers().filter((p) => p.exports.some((e) => e.name === asked)).map((p) => p.title);
  throw new BerthError({
    code: "cli.export-format",
    path: stack,
    field: "--format",
    found: asked ?? "(default)",
    message:
      offered.length === 0
        ? `'${stack}' targets ${target.title}, which has no native export format in this release.`
        : `--format ${asked} is not a format of ${target.title}; '${stack}' exports as ${offered.join(", ")}.${elsewhere.length ? ` (${asked} is the format of ${elsewhere.join(", ")}.)` : ""}`,
    fix: offered.length === 0 ? "check the stack with `berth check`; export a stack whose target has a format" : `use --format ${offered[0]}`,
  });
}
