/**
 * Loading a stack program (a TypeScript module whose default export is a Stack).
 *
 * From sources (tests, the tsx fallback) a dynamic import is enough: the loader transpiles it.
 * From the CLI bundle (bin/cli-bundle.js) there is no TypeScript loader, so the program and
 * everything it imports outside sdk/ (examples, a team's components) is bundled by esbuild into
 * `<stackdir>/.berth/program.mjs`, rebuilt only when one of those files changes. Its sdk/
 * imports are linked to the CLI bundle's own modules through the registry the bundle publishes,
 * so the program's `Stack` is the CLI's `Stack`.
 */
import { dirname, join, relative, resolve, sep } from "node:path";
import { existsSync, realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cachedBundle, metafileInputs } from "../bin/bundle-cache.js";
import { BerthError } from "../sdk/core/errors.ts";

/** What bin/cli-bundle.js publishes on `globalThis[Symbol.for("berth.sdk-modules")]`. */
interface SdkRegistry {
  /** The repository root the CLI bundle was built from. */
  readonly root: string;
  /** Changes on every rebuild of the CLI bundle: stack bundles linked to an older one rebuild. */
  readonly buildId: string;
  /** sdk/ files, relative to root (`sdk/index.ts`). */
  readonly files: readonly string[];
  load(file: string): Promise<Record<string, unknown>>;
  /** The launcher's dynamic `import()`: the bundle runs as a script, which has none. */
  importModule(url: string): Promise<Record<string, unknown>>;
}

/** Marks linkSdk's own `build.resolve` calls, which esbuild's default resolution answers. */
const RESOLVING = Symbol("berth-resolving");

/** The registry's global symbol name (bin/cli-bundle.js `SDK_REGISTRY`). */
const REGISTRY_NAME = "berth.sdk-modules";
const registry = (globalThis as Record<symbol, unknown>)[Symbol.for(REGISTRY_NAME)] as SdkRegistry | undefined;

/** A stack program ready to run. */
export interface StackProgram {
  /** Runs the program and returns its module namespace. */
  load(): Promise<Record<string, unknown>>;
  /** Set when it runs from a bundle (the CLI bundle's registry is present). */
  readonly bundle?: {
    /** The CLI build the program is linked to. */
    readonly buildId: string;
    /** Each file the bundle was built from → its fingerprint then (cli/up-cache/fingerprint.ts). */
    readonly files: Readonly<Record<string, string>>;
    /** False when one of its files changed while it was compiled (then `files` may not match it). */
    readonly settled: boolean;
  };
}

/** Bundles the stack program at `entry` (absolute path) when needed; running it is left to `load`. */
export async function prepareStackProgram(entry: string): Promise<StackProgram> {
  if (!registry) return { load: () => importFromSources(entry) };
  const reg = registry;
  const built = await cachedBundle({
    outFile: join(dirname(entry), ".berth", "program.mjs"),
    key: JSON.stringify({ entry, cli: reg.buildId }),
    build: (outFile) => bundleProgram(reg, entry, outFile),
  });
  // In fingerprint.ts's `stamp` terms: the stamps the bundle's freshness was judged by.
  const files = Object.fromEntries(Object.entries(built.inputs).map(([f, [mtimeMs, size]]) => [`stamp ${f}`, `f:${size}:${mtimeMs}`]));
  return {
    load: () => reg.importModule(pathToFileURL(built.file).href),
    bundle: { buildId: reg.buildId, files, settled: built.settled },
  };
}

/** Runs the program through the TypeScript loader; a missing package is named with its fix. */
async function importFromSources(entry: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    const name = /Cannot find (?:package|module) '([^']+)'/.exec(e instanceof Error ? e.message : "")?.[1];
    if (code !== "ERR_MODULE_NOT_FOUND" || !name) throw e;
    throw new BerthError({
      code: "cli.stack-import",
      path: entry,
      field: "import",
      found: name,
      message: `The stack program imports ${name}, which does not resolve from ${dirname(entry)}.`,
      fix: name === "berth" ? "install or link Berth in the program's project (npm i berth, npm link berth), or run it with the berth CLI bundle, which links its own SDK" : `install ${name} in the program's project (npm i ${name})`,
    });
  }
}

async function bundleProgram(reg: SdkRegistry, entry: string, outFile: string): Promise<{ inputs: string[] }> {
  const esbuild = (await reg.importModule("esbuild")) as unknown as typeof import("esbuild");
  const sdkDir = join(reg.root, "sdk") + sep;
  const known = new Set(reg.files);
  const linkSdk: import("esbuild").Plugin = {
    name: "berth-sdk-registry",
    setup(build) {
      // Relative, absolute and file: URL imports that land in sdk/ become registry modules.
      build.onResolve({ filter: /^([./]|file:)/ }, (a) => {
        if (a.namespace !== "file") return undefined;
        const abs = a.path.startsWith("file:") ? fileURLToPath(a.path) : a.path.startsWith("/") ? a.path : join(a.resolveDir, a.path);
        if (a.path.startsWith("file:") && !abs.startsWith(sdkDir)) return { path: abs };
        if (!abs.startsWith(sdkDir)) return undefined;
        const rel = relative(reg.root, abs).split(sep).join("/");
        return known.has(rel) ? { path: rel, namespace: "berth-sdk" } : undefined;
      });
      // Package imports. Berth itself (`import { Stack } from "berth"`, from the program or from a
      // team's component package) is the registry too. A package esbuild finds as TypeScript, or
      // linked from a source tree (npm workspaces, npm link), is bundled: Node cannot load its
      // TypeScript, and its files become inputs of the bundle. Installed JavaScript packages stay
      // external and load from node_modules as they would from source.
      build.onResolve({ filter: /^[^./]/ }, async (a) => {
        if (a.namespace !== "file" || a.pluginData === RESOLVING || a.path.startsWith("file:") || isBuiltin(a.path)) return undefined;
        const r = await build.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: RESOLVING });
        // A program outside any project with Berth installed (`berth import --out /tmp/x`) still
        // means this CLI's Berth by `from "berth"`: the registry's sdk/index.ts answers it.
        if (r.errors.length > 0 && a.path === "berth" && known.has("sdk/index.ts")) return { path: "sdk/index.ts", namespace: "berth-sdk" };
        if (r.errors.length > 0 || r.external || !r.path) return { path: a.path, external: true };
        if (r.path.startsWith(sdkDir)) {
          const rel = relative(reg.root, r.path).split(sep).join("/");
          if (known.has(rel)) return { path: rel, namespace: "berth-sdk" };
        }
        const source = /\.[cm]?tsx?$/.test(r.path) || !r.path.includes(`${sep}node_modules${sep}`);
        return source ? { path: r.path } : { path: a.path, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: "berth-sdk" }, async (a) => {
        // The names come from the CLI's own instance of the module, so they always match it.
        const mod = await reg.load(a.path);
        const names = Object.keys(mod).filter((n) => n !== "default");
        const hasDefault = "default" in mod;
        return {
          contents: [
            `const m = await globalThis[Symbol.for(${JSON.stringify(REGISTRY_NAME)})].load(${JSON.stringify(a.path)});`,
            names.length ? `export const { ${names.join(", ")} } = m;` : "",
            hasDefault ? "export default m.default;" : "",
          ].join("\n"),
          loader: "js",
        };
      });
      // A bundled file's import.meta describes the file it came from, not the bundle.
      build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (a) => {
        const source = await readFile(a.path, "utf8");
        const url = pathToFileURL(a.path).href;
        const contents = source
          .replaceAll("import.meta.dirname", JSON.stringify(dirname(a.path)))
          .replaceAll("import.meta.filename", JSON.stringify(a.path))
          .replaceAll("import.meta.url", JSON.stringify(url));
        return { contents, loader: a.path.endsWith("x") ? "tsx" : "ts" };
      });
    },
  };
  let result: import("esbuild").BuildResult<{ metafile: true }>;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      // Construct class names reach graphs and messages: bundling must not rename them.
      keepNames: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: outFile,
      metafile: true,
      logLevel: "silent",
      // External npm packages (linkSdk decides which) load from the stack's node_modules as they
      // would from source: the bundle sits in the stack directory, so resolution starts there.
      plugins: [linkSdk],
    });
  } catch (e) {
    const errors = (e as { errors?: import("esbuild").Message[] }).errors ?? [];
    throw new BerthError(
      (errors.length ? errors : [{ text: e instanceof Error ? e.message : String(e), location: null }]).map((m) => ({
        code: "cli.stack-compile",
        path: m.location ? `${resolve(m.location.file)}:${m.location.line}:${m.location.column + 1}` : entry,
        message: `The stack program does not compile: ${m.text}`,
        fix: "Fix the TypeScript error at that location (`npx tsc --noEmit` shows it with context).",
      })),
    );
  }
  return { inputs: [...metafileInputs(result.metafile, process.cwd()), ...externalPackageStamps(result.metafile, entry)] };
}

/** Files a package manager rewrites on every install, one of which stands for a node_modules tree. */
const INSTALL_STAMPS = [".package-lock.json", ".modules.yaml", ".yarn-integrity", ".yarn-state.yml"];

/**
 * Files that change when an external package (installed JavaScript, left outside the bundle)
 * changes: its own package.json (a new version rewrites it), and the install stamp of the
 * node_modules it sits in (npm, pnpm or yarn: any install, transitive dependencies included).
 */
function externalPackageStamps(metafile: import("esbuild").Metafile, entry: string): string[] {
  const names = new Set<string>();
  for (const out of Object.values(metafile.outputs)) {
    for (const i of out.imports) {
      if (!i.external || i.path.startsWith("node:") || isBuiltin(i.path) || /^[./]/.test(i.path)) continue;
      const parts = i.path.split("/");
      names.add(parts[0]!.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
    }
  }
  const stamps = new Set<string>();
  for (const name of [...names].sort()) {
    for (let dir = dirname(entry); ; dir = dirname(dir)) {
      const pkg = join(dir, "node_modules", name, "package.json");
      if (existsSync(pkg)) {
        stamps.add(realpathSync(pkg));
        for (const f of INSTALL_STAMPS) if (existsSync(join(dir, "node_modules", f))) stamps.add(join(dir, "node_modules", f));
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return [...stamps];
}
