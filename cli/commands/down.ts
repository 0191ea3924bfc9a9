import type { Command } from "commander";
import { openEngineSession } from "../../providers/registry.ts";
import { stackInput } from "../gate.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, run } from "../output.ts";

/** `berth down <stackdir> [--volumes]`: remove what the stack owns on its target. */
export function register(program: Command): void {
  program
    .command("down")
    .description("remove what the stack owns on its target (volumes only with --volumes)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--volumes", "also remove the stack's volumes (their data is lost)")
    .option("--json", "machine-readable output")
    .action((dir: string, opts: { volumes?: boolean; json?: boolean }) =>
      run(async () => {
        // down finds objects by their ownership labels: secret values are not needed.
        const session = openEngineSession(stackInput(await loadStack(dir)), "down", { resolveSecrets: false });
        const { removed } = await session.down({ volumes: Boolean(opts.volumes) });
        if (opts.json) outJson({ ok: true, removed });
        else {
          for (const [kinds, names] of Object.entries(removed)) for (const n of names) out(`- ${kinds.replace(/s$/, "")} ${n}`);
          out(`'${session.stack}' is down${opts.volumes ? "" : " (volumes kept; --volumes removes them)"}.`);
        }
      }, opts),
    );
}
