import type { Command } from "commander";
import { ps } from "../../providers/docker/engine/engine.ts";
import { openSession } from "../../providers/docker/engine/session.ts";
import { openSwarmSession, psSwarm } from "../../providers/swarm/engine.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, run } from "../output.ts";

/** `berth ps <stackdir>`: the stack's containers, their state, health and ports. */
export function register(program: Command): void {
  program
    .command("ps")
    .description("list the stack's containers on its Docker host")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--json", "machine-readable output")
    .action((dir: string, opts: { json?: boolean }) =>
      run(async () => {
        const { graph, stack, dir: abs } = await loadStack(dir);
        const rows =
          graph.stack.target.kind === "swarm"
            ? await psSwarm(openSwarmSession(graph, abs, (k) => stack.config.get(k), { resolveSecrets: false }).client, graph.stack.name)
            : await (async () => {
                const s = openSession(graph, abs, (k) => stack.config.get(k));
                return ps(s.client, s.graph.stack);
              })();
        if (opts.json) {
          outJson({ ok: true, containers: rows });
          return;
        }
        const table = [["NAME", "NODE", "STATE", "HEALTH", "PORTS"], ...rows.map((r) => [r.name, r.node, r.state, r.health, r.ports.join(", ")])];
        const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
        for (const r of table) out(r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
      }, opts),
    );
}
