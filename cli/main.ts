import { Command, CommanderError } from "commander";
import { EXIT } from "./exit-codes.ts";

/** Each command lives in cli/commands/<name>.ts and exports `register(program)`. */
type CommandModule = { register(program: Command): void };

// Loaded on demand: a run of `berth up` does not pay for Pulumi, export or policy listing code
// it never calls. Help and unknown commands load them all.
const commands: Record<string, () => Promise<CommandModule>> = {
  synth: () => import("./commands/synth.ts"),
  check: () => import("./commands/check.ts"),
  graph: () => import("./commands/graph.ts"),
  schema: () => import("./commands/schema.ts"),
  plan: () => import("./commands/plan.ts"),
  up: () => import("./commands/up.ts"),
  down: () => import("./commands/down.ts"),
  ps: () => import("./commands/ps.ts"),
  logs: () => import("./commands/logs.ts"),
  run: () => import("./commands/run.ts"),
  lock: () => import("./commands/lock.ts"),
  export: () => import("./commands/export.ts"),
  import: () => import("./commands/import.ts"),
};

/** Runs the CLI on `argv` (`process.argv` shape: node, script, command, ...). */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command("berth")
    .description("Typed infrastructure as code for container workloads")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s) });

  const requested = argv[2];
  const load = requested !== undefined && Object.hasOwn(commands, requested) ? [commands[requested]!] : Object.values(commands);
  for (const mod of await Promise.all(load.map((l) => l()))) mod.register(program);

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
    }
    throw e;
  }
}
