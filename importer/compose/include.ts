import { isDeepStrictEqual } from "node:util";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { z } from "zod";
import { readEnvFile } from "./env-file.ts";
import { importError } from "./errors.ts";
import { interpolate, type TemplatePart, type VariableUse } from "./interpolate.ts";
import { mergeFiles } from "./merge.ts";
import { loadSource, locateIn, type ComposeSource } from "./source.ts";
import type { Locate } from "./validate.ts";

/*
 * The top-level `include:` of the compose specification. Each entry is loaded as a compose
 * project of its own (its files merged in order, its own project directory for relative paths,
 * its own env files for interpolation, under the including project's environment, which wins),
 * its own `include:` applied the same way, and then its resources (services, networks, volumes,
 * secrets, configs) are copied into the including project. A resource both sides define
 * differently is an error: compose never merges an included resource; the way to change one is
 * an override file in the include's own `path:` list. Include is applied after the project's
 * own files are merged, so a conflict with any of them is found.
 */

const RESOURCES = ["services", "networks", "volumes", "secrets", "configs"] as const;

const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);
const IncludeSchema = z.array(
  z.union([z.string(), z.strictObject({ path: stringOrList, project_directory: z.string().optional(), env_file: stringOrList.optional() })]),
);

/** The project that includes: where its relative paths start and what it interpolates with. */
interface Scope {
  /** Directory the entries' relative paths (path, project_directory, env_file) resolve from. */
  readonly dir: string;
  /** The including project's environment: it wins over an included project's env files. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Files included on the way here, to report a cycle instead of looping. */
  readonly chain: readonly string[];
  /** An included project's own include: (IMPORT.md describes only the importing project's entries). */
  readonly nested?: boolean;
  readonly locate: Locate;
}

/** What including adds to the import beyond the merged model. */
export interface IncludeState {
  /** The importing project's directory: included relative paths are rewritten against it. */
  readonly composeDir: string;
  readonly variables: Map<string, VariableUse>;
  readonly templates: Map<string, TemplatePart[]>;
  /** The included files, for locating errors and for the services' order. */
  readonly sources: ComposeSource[];
  /** One line per top-level entry for IMPORT.md: what it brought in. */
  readonly notes: { readonly path: string; readonly note: string }[];
}

/**
 * Applies `include:` to a merged model: returns the model without the key and with the
 * included resources in it. Fails (nothing written) on a bad entry, a missing file, a cycle or
 * a conflicting resource, pointing at the entry.
 */
export function applyIncludes(model: Record<string, unknown>, scope: Scope, state: IncludeState): Record<string, unknown> {
  if (model.include === undefined) return model;
  const { include: raw, ...rest } = model;
  const parsed = IncludeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw importError(
      { code: "import.include", message: "Each include: entry is a file path, or a mapping with path (a file or a list of files), and optionally project_directory and env_file.", fix: "Write `include: [../other/compose.yaml]`, or `include: [{ path: ../other/compose.yaml, project_directory: ../other, env_file: ../other/.env }]`.", found: JSON.stringify(raw) },
      scope.locate(["include", ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))]),
    );
  }
  let out = rest;
  parsed.data.forEach((item, i) => {
    const entry = typeof item === "string" ? { path: item } : item;
    const at = scope.locate(["include", i]);
    const files = (Array.isArray(entry.path) ? entry.path : [entry.path]).map((p) => resolve(scope.dir, p));
    for (const f of files) {
      if (scope.chain.includes(f)) {
        throw importError({ code: "import.include", message: `include: forms a cycle: ${[...scope.chain, f].map((p) => shown(state, p)).join(" → ")}.`, fix: "Remove the include that leads back to a file already being included." }, at);
      }
      if (!existsSync(f)) throw importError({ code: "import.include", message: `The included file ${shown(state, f)} does not exist.`, fix: "Fix the path (relative to the including file's directory), or bring the file.", found: JSON.stringify(f) }, at);
    }
    const projectDir = entry.project_directory !== undefined ? resolve(scope.dir, entry.project_directory) : dirname(files[0]!);
    const envFiles = entry.env_file === undefined ? [join(projectDir, ".env")] : (Array.isArray(entry.env_file) ? entry.env_file : [entry.env_file]).map((f) => resolve(scope.dir, f));
    const env = { ...Object.assign({}, ...envFiles.map((f) => readEnvFile(f, entry.env_file !== undefined))), ...scope.env };
    const sources = files.map((f) => loadSource(f));
    const interpolated = sources.map((s) => interpolate(s, env, state.variables));
    for (const x of interpolated) for (const [k, v] of x.templates) if (RESOURCES.some((r) => k.startsWith(`${r}.`))) state.templates.set(k, v);
    const nested = applyIncludes(mergeFiles(interpolated.map((x) => x.data), sources.map((s) => s.tags)), { dir: projectDir, env, chain: [...scope.chain, ...files], locate: locateIn(sources), nested: true }, state);
    const included = rebase(nested, projectDir, state.composeDir);
    out = copyResources(out, included, at, files.map((f) => shown(state, f)).join(" + "));
    state.sources.push(...sources);
    if (!scope.nested) {
      const brought = RESOURCES.flatMap((r) => Object.keys((included[r] ?? {}) as object).map((n) => `${r}.${n}`));
      const dir = relative(state.composeDir, projectDir).split(sep).join("/") || ".";
      state.notes.push({ path: `include[${i}]`, note: `${files.map((f) => shown(state, f)).join(" merged with ")} loaded as a project of its own (relative paths from ${dir}, variables from ${envFiles.map((f) => shown(state, f)).join(", ")} under this project's environment); its resources became part of this program: ${brought.join(", ") || "none"}` });
    }
  });
  return out;
}

/** Copies an included project's resources in; the same name with another definition is an error. */
function copyResources(into: Record<string, unknown>, from: Record<string, unknown>, at: ReturnType<Locate>, file: string): Record<string, unknown> {
  let out = into;
  for (const kind of RESOURCES) {
    const incoming = from[kind];
    if (!incoming || typeof incoming !== "object") continue;
    const merged: Record<string, unknown> = { ...((out[kind] ?? {}) as Record<string, unknown>) };
    for (const [name, def] of Object.entries(incoming as Record<string, unknown>)) {
      if (name in merged && !isDeepStrictEqual(merged[name], def)) {
        throw importError(
          { code: "import.include-conflict", message: `${kind}.${name} is defined by this project and, differently, by the included ${file}; compose does not merge an included resource into a local one.`, fix: `Rename one of them, or change the included one with an override file listed after it in this entry's path: (path: [${file}, ./${kind === "services" ? name : kind}.override.yaml]).`, found: `${kind}.${name}` },
          at,
        );
      }
      merged[name] = def;
    }
    out = { ...out, [kind]: merged };
  }
  return out;
}

/**
 * Rewrites the relative paths of an included project (build contexts, env files, bind mount
 * sources, secret and config files) from its project directory to the importing project's, so
 * the rest of the importer reads every path one way. Absolute and `~` paths stay.
 */
function rebase(model: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  const path = (p: unknown): unknown => {
    if (typeof p !== "string" || isAbsolute(p) || p.startsWith("~")) return p;
    const r = relative(to, resolve(from, p)).split(sep).join("/");
    return r === "" ? "." : /^\.\.?(\/|$)/.test(r) ? r : `./${r}`;
  };
  const out: Record<string, unknown> = { ...model };
  const services = model.services as Record<string, Record<string, unknown> | null> | undefined;
  if (services && typeof services === "object") {
    out.services = Object.fromEntries(Object.entries(services).map(([name, svc]) => [name, svc && typeof svc === "object" ? rebaseService(svc, path) : svc]));
  }
  for (const kind of ["secrets", "configs"] as const) {
    const defs = model[kind] as Record<string, Record<string, unknown> | null> | undefined;
    if (!defs || typeof defs !== "object") continue;
    out[kind] = Object.fromEntries(Object.entries(defs).map(([n, d]) => [n, d && typeof d === "object" && typeof d.file === "string" ? { ...d, file: path(d.file) } : d]));
  }
  return out;
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

function rebaseService(svc: Record<string, unknown>, path: (p: unknown) => unknown): Record<string, unknown> {
  const s: Record<string, unknown> = { ...svc };
  const b = svc.build;
  if (typeof b === "string" && !REMOTE.test(b)) s.build = path(b);
  else if (b && typeof b === "object") {
    const context = (b as { context?: unknown }).context ?? ".";
    s.build = { ...b, context: typeof context === "string" && REMOTE.test(context) ? context : path(context) };
  }
  const ef = svc.env_file;
  const envFile = (e: unknown) => (e && typeof e === "object" ? { ...e, path: path((e as { path?: unknown }).path) } : path(e));
  if (ef !== undefined) s.env_file = Array.isArray(ef) ? ef.map(envFile) : envFile(ef);
  if (Array.isArray(svc.volumes)) {
    s.volumes = svc.volumes.map((v) => {
      if (typeof v === "string") {
        const [source, ...restOf] = v.split(":");
        return restOf.length && source!.startsWith(".") ? [path(source), ...restOf].join(":") : v;
      }
      if (v && typeof v === "object" && (v as { type?: unknown }).type === "bind") return { ...v, source: path((v as { source?: unknown }).source) };
      return v;
    });
  }
  return s;
}

/** A path as messages show it: relative to the importing project's directory. */
function shown(state: IncludeState, file: string): string {
  return relative(state.composeDir, file).split(sep).join("/") || ".";
}
