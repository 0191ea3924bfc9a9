/**
 * What `berth up` prints when a Docker host run ends: one summary line and the stack's
 * endpoints, or one JSON document. Shared by the full run (cli/commands/up.ts) and the no-op
 * fast path (cli/up-cache/fast-up.ts), which must print exactly the same.
 */
import type { ProgressEvent } from "../providers/docker/engine/apply.ts";
import { endpoints } from "../providers/docker/engine/endpoints.ts";
import { hasChanges, type Plan } from "../providers/docker/engine/plan.ts";
import type { DockerGraph } from "../providers/docker/target.ts";
import { out, outJson } from "./output.ts";

/** Prints the outcome of a Docker host `up`. */
export function reportUp(graph: DockerGraph, plan: Plan, result: { readonly applied: number; readonly unchanged: number }, events: readonly ProgressEvent[], json: boolean | undefined): void {
  const urls = endpoints(graph);
  if (json) {
    outJson({ ok: true, changed: hasChanges(plan), plan, events, endpoints: urls });
    return;
  }
  out(hasChanges(plan) ? `'${graph.stack}' is up: ${result.applied} changed, ${result.unchanged} unchanged.` : `No changes: '${graph.stack}' is up to date.`);
  for (const e of urls) out(`  ${e}`);
}
