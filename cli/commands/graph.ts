import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { toDot, toMermaid } from "../../sdk/graph/render.ts";
import { loadStack } from "../load-stack.ts";
import { out, run } from "../output.ts";

/** `berth graph <stackdir> --format mermaid|dot [--out file]`: the graph as a diagram. */
export function register(program: Command): void {
  program
    .command("graph")
    .description("render a stack's graph as a Mermaid flowchart or Graphviz DOT")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .addOption(new Option("--format <format>", "diagram format").choices(["mermaid", "dot"]).default("mermaid"))
    .option("--out <file>", "write the diagram to a file instead of stdout")
    .action((dir: string, opts: { format: "mermaid" | "dot"; out?: string }) =>
      run(async () => {
        const { graph } = await loadStack(dir);
        const text = opts.format === "dot" ? toDot(graph) : toMermaid(graph);
        if (opts.out) writeFileSync(opts.out, text);
        else out(text);
      }),
    );
}
