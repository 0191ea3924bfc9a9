import type { Command } from "commander";
import { down } from "../../providers/docker/engine/engine.ts";
import { openSession } from "../../providers/docker/engine/session.ts";
import { downSwarm, openSwarmSession } from "../../providers/swarm/engine.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, run } from "../output.ts";

/** `berth down <stackdir> [--volumes]`: remove what the stack owns on its Docker host. */
export function register(program: Command): void {
  program
    .command("down")
    .description("remove the stack's containers, networks and secret files (volumes only with --volumes)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--volumes", "also remove the stack's volumes (their data is lost)")
    .option("--json", "machine-readable output")
    .action((dir: string, opts: { volumes?: boolean; json?: boolean }) =>
      run(async () => {
        const { graph, stack, dir: abs } = await loadStack(dir);
        if (graph.stack.target.kind === "swarm") {
          // down finds objects by label: secret values are not needed.
          const w = openSwarmSession(graph, abs, (k) => stack.config.get(k), { resolveSecrets: false });
          const r = await downSwarm(w.client, w.graph, { volumes: Boolean(opts.volumes) });
          if (opts.json) outJson({ ok: true, removed: r });
          else {
            for (const [kind, names] of [["service", r.services], ["secret", r.secrets], ["config", r.configs], ["network", r.networks], ["volume", r.volumes]] as const) for (const n of names) out(`- ${kind} ${n}`);
            out(`'${w.graph.stack}' is down${opts.volumes ? "" : " (volumes kept; --volumes removes them)"}.`);
          }
          return;
        }
        const s = openSession(graph, abs, (k) => stack.config.get(k));
        const r = await down(s.client, s.graph, { volumes: Boolean(opts.volumes) });
        if (opts.json) outJson({ ok: true, removed: r });
        else {
          for (const c of r.containers) out(`- container ${c}`);
          for (const n of r.networks) out(`- network ${n}`);
          for (const v of r.volumes) out(`- volume ${v}`);
          out(`'${s.graph.stack}' is down${opts.volumes ? "" : " (volumes kept; --volumes removes them)"}.`);
        }
      }, opts),
    );
}
