import type { Command } from "commander";
import { openEngineSession } from "../../providers/registry.ts";
import { planHasChanges, type ChangeOp, type EngineChange, type EnginePlan } from "../../providers/shared/engine/plan.ts";
import { EXIT } from "../exit-codes.ts";
import { stackInput } from "../gate.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, run } from "../output.ts";

const SYMBOL: Record<ChangeOp, string> = { create: "+", replace: "~", start: ">", update: "*", delete: "-", keep: "=", noop: " " };

/** Renders a plan for humans: one line per change (no-ops summarised), drift marked. */
export function renderPlan(plan: EnginePlan<EngineChange>): string {
  const lines = plan.changes
    .filter((c) => c.op !== "noop")
    .map((c) => `${SYMBOL[c.op]} ${c.op.padEnd(7)} ${c.kind.replace(/^[a-z0-9-]+\./, "").padEnd(11)} ${c.name}${c.fields.length ? `  (${c.fields.join(", ")})` : ""}${c.drift ? "  [drift]" : ""}`);
  const counts = new Map<string, number>();
  for (const c of plan.changes) counts.set(c.op, (counts.get(c.op) ?? 0) + 1);
  const summary = [...counts].map(([op, n]) => `${n} ${op}`).join(", ");
  return [...lines, planHasChanges(plan) ? `Plan for '${plan.stack}': ${summary}.` : `No changes: '${plan.stack}' is up to date (${plan.changes.length} objects).`].join("\n");
}

/** `berth plan <stackdir> [--exit-code] [--json]`: what `up` would do. */
export function register(program: Command): void {
  program
    .command("plan")
    .description("show what `up` would create, replace or delete on the stack's target (and drift)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--exit-code", "exit with 4 when there are changes")
    .option("--json", "machine-readable output")
    .action((dir: string, opts: { exitCode?: boolean; json?: boolean }) =>
      run(async () => {
        const session = openEngineSession(stackInput(await loadStack(dir)), "plan");
        const p = await session.plan();
        const changed = planHasChanges(p);
        if (opts.json) outJson({ ok: true, changes: changed, plan: p });
        else out(renderPlan(p));
        return opts.exitCode && changed ? EXIT.changes : EXIT.ok;
      }, opts),
    );
}
