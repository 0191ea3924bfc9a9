import { Command, CommanderError } from "commander";
import { EXIT } from "./exit-codes.ts";
import { register as synth } from "./commands/synth.ts";

const program = new Command("berth")
  .description("Typed infrastructure as code for container workloads")
  .version("0.1.0")
  .exitOverride()
  .configureOutput({ outputError: (s, write) => write(s) });

for (const register of [synth]) register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  throw e;
}
