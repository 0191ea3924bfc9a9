// @ts-check
/**
 * Bundles kept fresh by their inputs' stat: Berth's CLI and each stack program are TypeScript,
 * and loading ~200 TypeScript modules through a loader thread costs a second per command. An
 * esbuild bundle built once and reused while none of its inputs changed loads in a fraction of
 * that; checking freshness costs one `stat` per input file (a few milliseconds).
 *
 * Plain JavaScript on purpose: the launcher runs this before any TypeScript can be loaded.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";

/** Format of the manifest next to each bundle; bump to invalidate every cached bundle. */
const MANIFEST_VERSION = 4;

/**
 * @typedef {object} CachedBundleOptions
 * @property {string} outFile   Where the bundle is written (`.mjs` or `.cjs`).
 * @property {string} key       Everything besides the input files the bundle depends on
 *                              (the builder's version, options, the registry it links to):
 *                              a different key rebuilds.
 * @property {readonly string[]} [outputs] Other files the build writes: a missing one rebuilds.
 * @property {(outFile: string) => Promise<{ inputs: readonly string[] }>} build
 *                              Writes the bundle to the given file and names the files read.
 */

/**
 * @typedef {object} BundleInfo
 * @property {string} file      The bundle.
 * @property {boolean} rebuilt  Whether this call built it.
 * @property {Record<string, [number, number]>} inputs  Each input's mtime and size when built.
 * @property {boolean} settled  False when an input changed while the bundle was built: the
 *                              bundle may hold its old content, and is rebuilt next time.
 */

/**
 * Returns `outFile`, rebuilding it first when it is missing, its key changed or any input file
 * changed (mtime or size) since it was built. Concurrent processes may both rebuild; each writes
 * to a private temporary file and renames it into place, so a reader never sees half a bundle.
 *
 * @param {CachedBundleOptions} opts
 * @returns {Promise<BundleInfo>}
 */
export async function cachedBundle(opts) {
  const manifestFile = `${opts.outFile}.json`;
  const fresh = (opts.outputs ?? []).every((f) => existsSync(f)) ? freshManifest(manifestFile, opts.key) : undefined;
  if (fresh) return { file: opts.outFile, rebuilt: false, inputs: fresh, settled: true };
  mkdirSync(dirname(opts.outFile), { recursive: true });
  const tmp = `${opts.outFile}.${process.pid}.tmp${extname(opts.outFile)}`;
  /** @type {Record<string, [number, number]>} */
  const stamps = {};
  // An input edited while esbuild runs may be stamped after esbuild read its old content: a
  // stamp this recent means the bundle is used once and not trusted next time.
  // (File times come from a coarser clock than Date.now(): hence the margin.)
  const started = Date.now() - 20;
  let settled = true;
  try {
    const { inputs } = await opts.build(tmp);
    const ended = Date.now() + 20;
    for (const f of inputs) {
      const s = statSync(f);
      stamps[f] = [s.mtimeMs, s.size];
      if (s.mtimeMs >= started && s.mtimeMs <= ended) settled = false;
    }
    renameSync(tmp, opts.outFile);
  } finally {
    rmSync(tmp, { force: true });
  }
  // The manifest goes last: a bundle without a matching manifest is rebuilt, never trusted.
  if (!settled) {
    rmSync(manifestFile, { force: true });
    return { file: opts.outFile, rebuilt: true, inputs: stamps, settled: false };
  }
  const manifestTmp = `${manifestFile}.${process.pid}.tmp`;
  writeFileSync(manifestTmp, JSON.stringify({ version: MANIFEST_VERSION, key: opts.key, inputs: stamps }));
  renameSync(manifestTmp, manifestFile);
  return { file: opts.outFile, rebuilt: true, inputs: stamps, settled: true };
}

/**
 * The manifest's input stamps when the bundle it describes is fresh, else undefined.
 *
 * @param {string} manifestFile
 * @param {string} key
 * @returns {Record<string, [number, number]> | undefined}
 */
function freshManifest(manifestFile, key) {
  /** @type {{ version?: number; key?: string; inputs?: Record<string, [number, number]> }} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return undefined;
  }
  if (manifest.version !== MANIFEST_VERSION || manifest.key !== key || !manifest.inputs) return undefined;
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    const s = statSync(file, { throwIfNoEntry: false });
    if (!s || s.mtimeMs !== mtimeMs || s.size !== size) return undefined;
  }
  return manifest.inputs;
}

/**
 * The absolute paths of a metafile's inputs, relative paths resolved against esbuild's working
 * directory; `namespace:` entries (virtual modules) and `<stdin>` are skipped.
 *
 * @param {{ inputs: Record<string, unknown> }} metafile
 * @param {string} cwd
 */
export function metafileInputs(metafile, cwd) {
  return Object.keys(metafile.inputs)
    .filter((p) => p !== "<stdin>" && !/^[a-z-]+:/.test(p))
    .map((p) => resolve(cwd, p));
}
