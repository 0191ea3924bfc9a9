import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { graphJsonSchema } from "../../sdk/graph/json-schema.ts";
import { out, run } from "../output.ts";

/** `berth schema [--out file]`: the IR's JSON Schema (draft 2020-12), generated from the zod schemas. */
export function register(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of the portable graph")
    .option("--out <file>", "write the schema to a file instead of stdout")
    .action((opts: { out?: string }) =>
      run(async () => {
        const text = `${JSON.stringify(graphJsonSchema(), null, 2)}\n`;
        if (opts.out) writeFileSync(opts.out, text);
        else out(text);
      }),
    );
}
