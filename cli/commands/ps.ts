import type { Command } from "commander";
import { openEngineSession } from "../../providers/registry.ts";
import { stackInput } from "../gate.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, run } from "../output.ts";

/** `berth ps <stackdir>`: the stack's running units (containers, tasks, pods), their state, health and ports. */
export function register(program: Command): void {
  program
    .command("ps")
    .description("list what the stack runs on its target: state, health, ports")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--json", "machine-readable output")
    .action((dir: string, opts: { json?: boolean }) =>
      run(async () => {
        const rows = await openEngineSession(stackInput(await loadStack(dir)), "ps", { resolveSecrets: false }).ps();
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
