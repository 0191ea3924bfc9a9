import type { Command } from "commander";
import { hasChanges, type Change, type Plan } from "../../providers/docker/engine/plan.ts";
import { checkTarget, planStack } from "../../providers/docker/engine/engine.ts";
import { openSession } from "../../providers/docker/engine/session.ts";
import { checkSwarmTarget, openSwarmSession, planSwarmStack, swarmHasChanges, type SwarmChange } from "../../providers/swarm/engine.ts";
import { EXIT } from "../exit-codes.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, run } from "../output.ts";

const SYMBOL: Record<Change["op"] | SwarmChange["op"], string> = { create: "+", replace: "~", start: ">", update: "*", delete: "-", keep: "=", noop: " " };

/** Renders a plan for humans: one line per change (no-ops summarised), drift marked. */
export function renderPlan(plan: Plan | { readonly stack: string; readonly changes: readonly SwarmChange[] }): string {
  const lines = plan.changes
    .filter((c) => c.op !== "noop")
    .map((c) => `${SYMBOL[c.op]} ${c.op.padEnd(7)} ${c.kind.replace(/^(docker|swarm)\./, "").padEnd(11)} ${c.name}${c.fields.length ? `  (${c.fields.join(", ")})` : ""}${c.drift ? "  [drift]" : ""}`);
  const counts = new Map<string, number>();
  for (const c of plan.changes) counts.set(c.op, (counts.get(c.op) ?? 0) + 1);
  const summary = [...counts].map(([op, n]) => `${n} ${op}`).join(", ");
  return [...lines, plan.changes.some((c) => c.op !== "noop" && c.op !== "keep") ? `Plan for '${plan.stack}': ${summary}.` : `No changes: '${plan.stack}' is up to date (${plan.changes.length} objects).`].join("\n");
}

/** `berth plan <stackdir> [--exit-code] [--json]`: what `up` would do. */
export function register(program: Command): void {
  program
    .command("plan")
    .description("show what `up` would create, replace or delete on the Docker host (and drift)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--exit-code", "exit with 4 when there are changes")
    .option("--json", "machine-readable output")
    .action((dir: string, opts: { exitCode?: boolean; json?: boolean }) =>
      run(async () => {
        const { graph, stack, dir: abs } = await loadStack(dir);
        if (graph.stack.target.kind === "swarm") {
          const w = openSwarmSession(graph, abs, (k) => stack.config.get(k));
          await checkSwarmTarget(w.client, w.graph);
          const p = await planSwarmStack(w.client, w.graph);
          if (opts.json) outJson({ ok: true, changes: swarmHasChanges(p), plan: p });
          else out(renderPlan(p));
          return opts.exitCode && swarmHasChanges(p) ? EXIT.changes : EXIT.ok;
        }
        const s = openSession(graph, abs, (k) => stack.config.get(k));
        await checkTarget(s.client, s.graph);
        const p = await planStack(s.client, s.graph, s.sources);
        if (opts.json) outJson({ ok: true, changes: hasChanges(p), plan: p });
        else out(renderPlan(p));
        return opts.exitCode && hasChanges(p) ? EXIT.changes : EXIT.ok;
      }, opts),
    );
}
