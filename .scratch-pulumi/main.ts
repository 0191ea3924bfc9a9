import { Command, CommanderError } from "commander";
import { EXIT } from "../cli/exit-codes.ts";
import { register as check } from "../cli/commands/check.ts";
import { register as graph } from "../cli/commands/graph.ts";
import { register as schema } from "../cli/commands/schema.ts";
import { register as synth } from "../cli/commands/synth.ts";
import { register as exportCmd } from "../cli/commands/export.ts";

const program = new Command("berth")
  .description("Typed infrastructure as code for container workloads")
  .version("0.1.0")
  .exitOverride()
  .configureOutput({ outputError: (s, write) => write(s) });

// One register function per command (cli/commands/*.ts); add new commands to this list.
const commands = [synth, check, graph, schema, exportCmd];
for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  throw e;
}
