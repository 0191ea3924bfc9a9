import { basename, dirname, join, relative, resolve } from "node:path";
import { synth } from "../../sdk/constructs/synth.ts";
import { BerthError } from "../../sdk/core/errors.ts";
import { checkGraph } from "../../sdk/policy/check.ts";
import type { Finding } from "../../sdk/policy/types.ts";
import { emitConfig } from "./emit-config.ts";
import { emitProgram } from "./emit-program.ts";
import { emitImportMd, type ImportReport } from "./emit-report.ts";
import { readEnvFile } from "./env-file.ts";
import { importError } from "./errors.ts";
import { evaluateProgram } from "./evaluate.ts";
import { interpolate, type TemplatePart, type VariableUse } from "./interpolate.ts";
import { Ledger } from "./ledger.ts";
import type { MapContext } from "./map-context.ts";
import { mapProject } from "./map-project.ts";
import { mergeFiles } from "./merge.ts";
import type { ProgramModel } from "./model.ts";
import { NameTable, stackName } from "./names.ts";
import { applyIncludes, type IncludeState } from "./include.ts";
import { loadSource, locateIn } from "./source.ts";
import type { ComposeProject } from "./schema.ts";
import { validateProject } from "./validate.ts";

/** Options of {@link importCompose}. */
export interface ImportOptions {
  /** Compose files, merged in order. */
  readonly files: readonly string[];
  /** Directory the program is written to (paths in it are relative to this). */
  readonly outDir: string;
  /** Replaces the project's `.env`. @default - `.env` next to the first file, if any */
  readonly envFile?: string;
  /** Active profiles. @default [] */
  readonly profiles?: readonly string[];
  /** The environment interpolation reads (wins over the env file, as in compose). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stack name. @default - the compose `name:`, else the first file's directory name */
  readonly name?: string;
  /** Stack environment (and `Pulumi.<environment>.yaml`). @default "dev" */
  readonly environment?: string;
  /** Module the program imports Berth from. @default "berth" */
  readonly sdk?: string;
}

/** Everything an import produces, before anything is written. */
export interface ImportResult {
  /** File name in the output directory → content. */
  readonly files: Readonly<Record<string, string>>;
  readonly report: ImportReport;
  readonly model: ProgramModel;
  /** Config the program reads, as written to `Pulumi.<env>.yaml` (plain keys). */
  readonly config: Readonly<Record<string, string>>;
  /** The project as the importer read it: interpolated, merged, active profiles only. */
  readonly project: ComposeProject;
}

/**
 * load → interpolate → merge → include → validate → map → check → emit, all in memory: an error at any
 * step throws with the file, line and compose path, and nothing has been written.
 */
export function importCompose(options: ImportOptions): ImportResult {
  const files = options.files.map((f) => resolve(f));
  if (!files.length) throw importError({ code: "import.usage", message: "No compose file given.", fix: "berth import compose.yaml [--out dir]" }, { file: "(none)", composePath: "(document)" });
  const composeDir = dirname(files[0]!);
  const outDir = resolve(options.outDir);
  const dotenv = options.envFile ? readEnvFile(resolve(options.envFile), true) : readEnvFile(join(composeDir, ".env"), false);
  const env = { ...dotenv, ...(options.env ?? process.env) };
  const sources = files.map((f) => loadSource(f));
  const variables = new Map<string, VariableUse>();
  const templates = new Map<string, TemplatePart[]>();
  const interpolated = sources.map((s) => interpolate(s, env, variables));
  for (const i of interpolated) for (const [k, v] of i.templates) templates.set(k, v);
  const included: IncludeState = { composeDir, variables, templates, sources: [], notes: [] };
  const merged = applyIncludes(mergeFiles(interpolated.map((i) => i.data), sources.map((s) => s.tags)), { dir: composeDir, env, chain: files, locate: locateIn(sources) }, included);
  const allSources = [...sources, ...included.sources];
  const locate = locateIn(allSources);
  const profiles = new Set(options.profiles ?? []);
  const skipped: { name: string; profiles: string[] }[] = [];
  const services = (merged.services ?? {}) as Record<string, { profiles?: string[] }>;
  if (services && typeof services === "object") {
    for (const [n, s] of Object.entries(services)) {
      if (Array.isArray(s?.profiles) && !s.profiles.some((p) => profiles.has(p))) {
        skipped.push({ name: n, profiles: s.profiles });
        delete services[n];
      }
    }
  }
  const project = validateProject(merged, locate);
  const ledger = new Ledger();
  for (const n of included.notes) ledger.transformed(n.path, n.note, "Nothing to do: the program holds the included resources itself, so later edits of the included files do not reach it (import again, or edit the program).");
  const ctx: MapContext = {
    project, ledger, names: new NameTable(), composeDir, outDir, templates, variables, env,
    config: new Map(), services: new Map(), declared: new Set(), networks: new Map(), volumes: new Map(), secrets: new Map(), configs: new Map(),
  };
  for (const k of Object.keys(merged).filter((k) => !["services", "networks", "volumes", "secrets", "configs", "name"].includes(k))) {
    ledger.notMapped(k, k === "version" ? "the top-level version is obsolete in the compose specification" : k.startsWith("x-") ? "an extension field (its anchors were applied where they are used)" : `top-level ${k} has no Berth equivalent`, "Nothing to do.");
  }
  const fileOrder = allSources.flatMap((s) => Object.keys((s.data.services ?? {}) as object));
  const declarations = mapProject(ctx, locate, fileOrder);
  const name = stackName(options.name ?? project.name ?? basename(composeDir));
  if (project.name) ledger.mapped("name", `the stack name ${name}`);
  const environment = options.environment ?? "dev";
  const rel = relative(outDir, composeDir).split("\\").join("/") || ".";
  const model: ProgramModel = { stackName: name, environment, composeDir: rel, declarations };
  const config = Object.fromEntries([...ctx.config.values()].map((c) => [c.key, c.value]));
  const findings = policyFindings(model, config, outDir);
  const display = files.map((f) => relative(process.cwd(), f) || basename(f));
  const report: ImportReport = {
    stackName: name,
    sources: display,
    services: declarations.filter((d) => d.ctor === "Service" || d.ctor === "Job").map((d) => ({ name: d.id, variable: d.name, ctor: d.ctor })),
    entries: ledger.entries,
    skipped,
    findings,
    configKeys: [...ctx.config.values()].map((c) => ({ key: c.key, secret: c.secret })),
  };
  const pulumi = emitConfig(name, environment, [...ctx.config.values()]);
  return {
    files: {
      "index.ts": emitProgram(model, { sdk: options.sdk ?? "berth", sources: files.map((f) => basename(f)) }),
      "Pulumi.yaml": pulumi.project,
      [`Pulumi.${environment}.yaml`]: pulumi.stack,
      "IMPORT.md": emitImportMd(report),
    },
    report,
    model,
    config,
    project,
  };
}

/** Synthesizes the imported stack in-process and runs the policy pack on it (what `berth check` reports). */
function policyFindings(model: ProgramModel, config: Readonly<Record<string, string>>, outDir: string): Finding[] {
  try {
    const stack = evaluateProgram(model, config, outDir);
    return [...checkGraph(synth(stack, { config: stack.config })).findings];
  } catch (e) {
    if (!(e instanceof BerthError)) throw e;
    const i = e.issues[0]!;
    throw new BerthError({ ...i, code: "import.program", message: `The imported program does not synthesize: ${i.message}`, fix: `${i.fix ?? ""} (this is a gap in the importer: report it with the compose file)`.trim() });
  }
}
