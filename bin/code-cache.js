// @ts-check
/**
 * Runs a CommonJS bundle with V8's code cache: the first run compiles it and, at exit, saves the
 * compiled code of every function it ran next to the bundle; later runs skip that parsing and
 * compiling. Node 20 has no `module.enableCompileCache`, so this is the `vm.Script`
 * `cachedData` route that API is built on.
 *
 * V8 accepts a cache for any source of the same length, so the cache is named after the exact
 * bundle it was made from (size and mtime, read from the open file): a rebuilt bundle never
 * meets an old cache.
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

/**
 * Loads `file` as a CommonJS module through its code cache and returns its exports. A missing
 * or rejected cache is written when the process exits, replacing caches of older builds.
 *
 * @param {string} file
 * @returns {Record<string, unknown>}
 */
export function requireWithCodeCache(file) {
  const fd = openSync(file, "r");
  let source;
  let stamp;
  try {
    const st = fstatSync(fd);
    stamp = `${st.size}-${Math.round(st.mtimeMs * 1000)}`;
    // esbuild writes ASCII (non-ASCII characters escaped: its default charset), so latin1 reads
    // it exactly, at half the cost of validating UTF-8 over a megabyte.
    source = readFileSync(fd, "latin1");
  } finally {
    closeSync(fd);
  }
  const cacheFile = `${file}.${stamp}.v8cache`;
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit, so the functions the run compiled lazily are in the cache too.
    process.once("exit", () => saveCache(file, cacheFile, () => script.createCachedData()));
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/**
 * @param {string} file
 * @param {string} cacheFile
 * @param {() => Buffer} data
 */
function saveCache(file, cacheFile, data) {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data());
    renameSync(tmp, cacheFile);
    const prefix = `${basename(file)}.`;
    for (const f of readdirSync(dirname(file))) {
      if (f.startsWith(prefix) && f.endsWith(".v8cache") && join(dirname(file), f) !== cacheFile) rmSync(join(dirname(file), f), { force: true });
    }
  } catch {
    // A cache is an optimisation: a read-only directory just means compiling every time.
    rmSync(tmp, { force: true });
  }
}
