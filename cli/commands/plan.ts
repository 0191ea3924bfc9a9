import type { Command } from "commander";
import { hasChanges, type Change, type Plan } from "../../providers/docker/engine/plan.ts";
import { checkTarget, planStack } from "../../providers/docker/engine/engine.ts";
import { openSession } from "../../providers/docker/engine/session.ts";
import { EXIT } from "../exit-codes.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, run } from "../output.ts";

const SYMBOL: Record<Change["op"], string> = { create: "+", replace: "~", start: ">", update: "*", delete: "-", keep: "=", noop: " " };

/** Renders a plan for humans: one line per change (no-ops summarised), drift marked. */
export function renderPlan(plan: Plan): string {
  const lines = plan.changes
    .filter((c) => c.op !== "noop")
    .map((c) => `${SYMBOL[c.op]} ${c.op.padEnd(7)} ${c.kind.replace(/^docker\./, "").padEnd(11)} ${c.name}${c.fields.length ? `  (${c.fields.join(", ")})` : ""}${c.drift ? "  [drift]" : ""}`);
  const counts = new Map<string, number>();
  for (const c of plan.changes) counts.set(c.op, (counts.get(c.op) ?? 0) + 1);
  const summary = [...counts].map(([op, n]) => `${n} ${op}`).join(", ");
  return [...lines, hasChanges(plan) ? `Plan for '${plan.stack}': ${summary}.` : `No changes: '${plan.stack}' is up to date (${plan.changes.length} objects).`].join("\n");
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
        const s = openSession(graph, abs, (k) => stack.config.get(k));
        await checkTarget(s.client, s.graph);
        const p = await planStack(s.client, s.graph, s.sources);
        if (opts.json) outJson({ ok: true, changes: hasChanges(p), plan: p });
        else out(renderPlan(p));
        return opts.exitCode && hasChanges(p) ? EXIT.changes : EXIT.ok;
      }, opts),
    );
}
