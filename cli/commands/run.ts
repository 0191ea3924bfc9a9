import type { Command } from "commander";
import { openEngineSession } from "../../providers/registry.ts";
import { stackInput } from "../gate.ts";
import { loadStack } from "../load-stack.ts";
import { run } from "../output.ts";

/** `berth run <stackdir> <service> -- <cmd...>`: a one-off admin process (12-factor #12). */
export function register(program: Command): void {
  program
    .command("run")
    .description("run a one-off command with a service's image, config, secrets and networks; exits with its code")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .argument("<service>", "workload id (Shop/web) or name (shop-web)")
    .argument("<cmd...>", "the command, after --")
    .action((dir: string, service: string, cmd: string[]) =>
      run(async () => {
        // On platforms with a secret store the one-off reuses the deployed secrets; a Docker host
        // resolves the files it mounts when it writes them.
        const session = openEngineSession(stackInput(await loadStack(dir)), "run", { resolveSecrets: false });
        return session.run(service, cmd, { stdout: process.stdout, stderr: process.stderr });
      }),
    );
}
