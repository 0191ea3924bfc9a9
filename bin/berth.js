#!/usr/bin/env node
// Launcher. The CLI and stack programs are TypeScript: Berth runs them from an esbuild bundle
// kept fresh by its inputs (bin/cli-bundle.js) and started with V8's code cache
// (bin/code-cache.js), which takes a fraction of the time a TypeScript loader needs. Where the
// bundle cannot be built or written (a read-only install, no esbuild), it falls back to loading
// the sources through tsx, and says so.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
// Static, so the loader fetches the launcher's modules together (esbuild loads only to build).
import { cliBundle, fastBundleFile } from "./cli-bundle.js";
import { requireWithCodeCache } from "./code-cache.js";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** @type {string | undefined} */
let bundle;
if (process.env.BERTH_FROM_SOURCE !== "1") {
  try {
    bundle = (await cliBundle(root)).file;
  } catch (e) {
    process.stderr.write(`berth: running from TypeScript sources (the CLI bundle could not be built: ${e instanceof Error ? e.message : String(e)})\n`);
  }
}
if (bundle && process.argv[2] === "up" && process.env.BERTH_CACHE !== "off") {
  // A no-op `up` whose stack inputs are unchanged is answered without loading the CLI and
  // running the stack program (cli/up-cache/fast-up.ts); anything else falls through.
  let answered = false;
  try {
    const { startFast } = /** @type {{ startFast(argv: string[]): Promise<boolean> }} */ (requireWithCodeCache(fastBundleFile(bundle)));
    answered = await startFast(process.argv);
  } catch (e) {
    // An optimisation only: the full run below does the work (and reports any real problem).
    if ((process.env.BERTH_DEBUG ?? "").split(",").includes("cache")) process.stderr.write(`berth: up cache: miss: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  if (answered) process.exit(0);
}
if (bundle) {
  const { start } = /** @type {{ start(i: (u: string) => Promise<unknown>, argv: string[]): Promise<void> }} */ (requireWithCodeCache(bundle));
  await start((url) => import(url), process.argv);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("../cli/main.ts");
  await main(process.argv);
}
