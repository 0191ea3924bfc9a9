import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import type { Command } from "commander";
import { importCompose, summaryText, writeImport, type ImportOptions } from "../../importer/compose/index.ts";
import { out, outJson, run } from "../output.ts";

/** Options of `berth import`. */
interface ImportCommandOptions {
  readonly envFile?: string;
  readonly profile?: string[];
  readonly out?: string;
  readonly name?: string;
  readonly environment?: string;
  readonly sdk?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

/**
 * `berth import compose.yaml [more.yaml...] [--out dir]`: a compose project as a typed stack
 * program (index.ts, Pulumi.<env>.yaml, IMPORT.md). Everything is computed before anything is
 * written, so a bad compose file leaves no half-written directory.
 */
export function register(program: Command): void {
  program
    .command("import")
    .description("turn a compose project into a stack program (index.ts, config, IMPORT.md)")
    .argument("<files...>", "compose files, merged in order")
    .option("--env-file <file>", "read variables from this file instead of the project's .env")
    .option("--profile <name>", "activate a compose profile (repeatable)", (v: string, all: string[] = []) => [...all, v])
    .option("--out <dir>", "directory to write the program to (default: ./<stack name>)")
    .option("--name <stack>", "stack name (default: the compose name:, else the first file's directory name)")
    .option("--environment <env>", "stack environment, and the Pulumi.<env>.yaml written", "dev")
    .option("--sdk <module>", "module the program imports Berth from", "berth")
    .option("--force", "overwrite an existing index.ts in --out")
    .option("--json", "machine-readable summary")
    .action((files: string[], opts: ImportCommandOptions) =>
      run(async () => {
        const base: Omit<ImportOptions, "outDir"> = {
          files,
          ...(opts.envFile ? { envFile: opts.envFile } : {}),
          ...(opts.profile ? { profiles: opts.profile } : {}),
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.environment ? { environment: opts.environment } : {}),
          ...(opts.sdk ? { sdk: opts.sdk } : {}),
        };
        // Paths in the program are relative to where it is written, so the default directory
        // (named after the stack) is known only after a first pass.
        const outDir = resolve(opts.out ?? importCompose({ ...base, outDir: "." }).report.stackName);
        const result = importCompose({ ...base, outDir });
        const written = writeImport(outDir, result, opts.force ?? false);
        if (opts.json) {
          outJson({ ok: true, out: outDir, files: written, entries: result.report.entries, skipped: result.report.skipped, findings: result.report.findings.filter((f) => !f.suppressed) });
        } else {
          out(summaryText(result.report, outDir));
          const sdk = opts.sdk ?? "berth";
          if (!resolvesFrom(outDir, sdk)) {
            out(sdk === "berth"
              ? `Note: the package berth is not installed for ${outDir}: berth runs the program with its own SDK, but tsc and editors need it (npm i berth, npm link berth), or import again with --sdk <path to Berth's sdk/index.ts>.`
              : `Note: ${sdk} does not resolve from ${outDir}, so berth cannot load the program there yet: install it in that project, or import again with --sdk <path to Berth's sdk/index.ts>.`);
          }
        }
      }, opts),
    );
}

/** True when the program's `import ... from "<sdk>"` finds a module from the directory it is written to. */
function resolvesFrom(dir: string, sdk: string): boolean {
  if (sdk.startsWith(".") || isAbsolute(sdk)) return true;
  try {
    createRequire(join(dir, "index.ts")).resolve(sdk);
    return true;
  } catch {
    return false;
  }
}
