/**
 * Benchmark dispatcher: `npm run bench -- <name> [args...]` runs `bench/<name>.ts`, whose
 * `run(args)` prints its own figures. Each benchmark is one module, so adding `docker` or
 * `swarm` is adding a file.
 */
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** What every bench/<name>.ts exports. */
export interface BenchModule {
  /** One-line summary for the list of benchmarks. */
  readonly description: string;
  run(args: readonly string[]): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  const lines = await Promise.all(
    available.map(async (n) => `  ${n.padEnd(10)} ${((await import(pathToFileURL(`${here}/${n}.ts`).href)) as BenchModule).description}`),
  );
  process.stderr.write(`${name ? `unknown benchmark "${name}"\n` : ""}usage: npm run bench -- <name> [args]\n${lines.join("\n")}\n`);
  process.exit(2);
}
const mod = (await import(pathToFileURL(`${here}/${name}.ts`).href)) as BenchModule;
await mod.run(args);
