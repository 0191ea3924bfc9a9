import type { Command } from "commander";
import { runOneOff } from "../../providers/docker/engine/engine.ts";
import { openSession } from "../../providers/docker/engine/session.ts";
import { openSwarmSession } from "../../providers/swarm/engine.ts";
import { runSwarmOneOff } from "../../providers/swarm/engine/run.ts";
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
        const { graph, stack, dir: abs } = await loadStack(dir);
        if (graph.stack.target.kind === "swarm") {
          // The one-off reuses the deployed service's secrets: none are resolved here.
          const w = openSwarmSession(graph, abs, (k) => stack.config.get(k), { resolveSecrets: false });
          return runSwarmOneOff(w.client, w.graph, service, cmd, { stdout: process.stdout, stderr: process.stderr });
        }
        const s = openSession(graph, abs, (k) => stack.config.get(k));
        return runOneOff(s.client, s.graph, s.sources, service, cmd, { stdout: process.stdout, stderr: process.stderr });
      }),
    );
}
