/**
 * What `berth up` prints when a run ends, for every target: one summary line and the stack's
 * endpoints, or one JSON document. Shared by the full run (cli/commands/up.ts) and the no-op
 * fast path (cli/up-cache/fast-up.ts), which must print exactly the same.
 */
import type { ProgressEvent } from "../providers/shared/engine/progress-event.ts";
import type { UpOutcome } from "../providers/shared/provider.ts";
import { out, outJson } from "./output.ts";

/** Prints the outcome of an `up`. */
export function reportUp(stack: string, outcome: UpOutcome, events: readonly ProgressEvent[], json: boolean | undefined): void {
  if (json) {
    outJson({ ok: true, changed: outcome.changed, plan: outcome.plan, events, endpoints: outcome.endpoints });
    return;
  }
  out(outcome.changed ? `'${stack}' is up: ${outcome.applied} changed, ${outcome.unchanged} unchanged.` : `No changes: '${stack}' is up to date.`);
  for (const e of outcome.endpoints) out(`  ${e}`);
}
