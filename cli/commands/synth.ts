import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { canonicalJsonPretty } from "../../sdk/graph/canonical.ts";
import { loadStack } from "../load-stack.ts";
import { out, run } from "../output.ts";

/** `berth synth <stackdir> [--out file]`: the portable graph as deterministic JSON. */
export function register(program: Command): void {
  program
    .command("synth")
    .description("synthesize a stack into the portable graph (deterministic JSON)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--out <file>", "write the graph to a file instead of stdout")
    .option("--json", "machine-readable output (the graph is JSON already)")
    .action((dir: string, opts: { out?: string; json?: boolean }) =>
      run(async () => {
        const { graph } = await loadStack(dir);
        const text = canonicalJsonPretty(graph);
        if (opts.out) writeFileSync(opts.out, text);
        else out(text);
      }, opts),
    );
}
