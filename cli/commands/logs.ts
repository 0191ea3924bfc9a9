import type { Command } from "commander";
import { logs } from "../../providers/docker/engine/engine.ts";
import { openSession } from "../../providers/docker/engine/session.ts";
import { logsSwarm, openSwarmSession } from "../../providers/swarm/engine.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, run } from "../output.ts";

/** `berth logs <stackdir> <service> [--tail N]`: a workload's recent log lines. */
export function register(program: Command): void {
  program
    .command("logs")
    .description("print the last log lines of a service, container or job")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .argument("<service>", "workload id (Shop/web) or name (shop-web)")
    .option("--tail <n>", "lines per container", (v) => Number(v), 100)
    .option("--json", "machine-readable output")
    .action((dir: string, service: string, opts: { tail: number; json?: boolean }) =>
      run(async () => {
        const { graph, stack, dir: abs } = await loadStack(dir);
        const text =
          graph.stack.target.kind === "swarm"
            ? await (async () => {
                const w = openSwarmSession(graph, abs, (k) => stack.config.get(k), { resolveSecrets: false });
                return logsSwarm(w.client, w.graph, service, opts.tail);
              })()
            : await (async () => {
                const s = openSession(graph, abs, (k) => stack.config.get(k));
                return logs(s.client, s.graph, service, opts.tail);
              })();
        if (opts.json) outJson({ ok: true, lines: text === "" ? [] : text.split("\n") });
        else if (text !== "") out(text);
      }, opts),
    );
}
