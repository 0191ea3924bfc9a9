import { Command, CommanderError } from "commander";
import { EXIT } from "./exit-codes.ts";
import { register as check } from "./commands/check.ts";
import { register as graph } from "./commands/graph.ts";
import { register as schema } from "./commands/schema.ts";
import { register as synth } from "./commands/synth.ts";
import { register as exportCmd } from "./commands/export.ts";
import { register as upCmd } from "./commands/up.ts";
import { register as downCmd } from "./commands/down.ts";

const program = new Command("berth")
  .description("Typed infrastructure as code for container workloads")
  .version("0.1.0")
  .exitOverride()
  .configureOutput({ outputError: (s, write) => write(s) });

// One register function per command (cli/commands/*.ts); add new commands to this list.
const commands = [synth, check, graph, schema, exportCmd, upCmd, downCmd];
for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  throw e;
}
