/**
 * Writes the no-op cache after a full `berth up` whose gate passed (cli/up-cache/record.ts),
 * or removes it when the run cannot be reproduced from its recorded inputs.
 */
import { join } from "node:path";
import { nextWaiverExpiry } from "../../sdk/policy/suppressions.ts";
import type { TargetFacts, TargetProvider } from "../../providers/shared/provider.ts";
import { STACK_ENTRY_FILES, type LoadedStack } from "../load-stack.ts";
import { fingerprint } from "./fingerprint.ts";
import { cacheDebug, dropUpCache, writeUpCache } from "./record.ts";
import type { TrackedInputs } from "./track.ts";

/** A finished, gated run's facts. */
export interface RecordedRun {
  readonly loaded: LoadedStack;
  /** The stack's target. */
  readonly target: TargetProvider;
  /** The lowered graph the engine deploys. */
  readonly graph: unknown;
  readonly inputs: TrackedInputs;
  /** The platform facts the gate judged against. */
  readonly facts: TargetFacts;
  /** The clock the gate judged waivers against. */
  readonly now: Date;
}

/** Records the run for the next no-op `up`, or drops the stack's record when it cannot be. */
export function recordUpCache(run: RecordedRun): void {
  const { loaded } = run;
  const reason = whyUncacheable(run);
  if (reason !== undefined) {
    dropUpCache(loaded.dir);
    cacheDebug(`not written: ${reason}`);
    return;
  }
  const bundle = loaded.program.bundle!;
  // Which entry file runs depends on which exist.
  const entries = Object.fromEntries(STACK_ENTRY_FILES.map((f) => join(loaded.dir, f)).map((p) => [`stat ${p}`, fingerprint("stat", p)]));
  const validUntil = nextWaiverExpiry(loaded.graph.stack, run.now);
  const origin = run.target.upCache!.readsConfigSecrets(run.graph) ? loaded.stack.config.origin : undefined;
  writeUpCache({
    buildId: bundle.buildId,
    stackDir: loaded.dir,
    tracked: run.inputs,
    programFiles: { ...bundle.files, ...entries },
    target: run.target.kind,
    facts: run.facts,
    graph: run.graph,
    ...(validUntil !== undefined ? { validUntil } : {}),
    ...(origin ? { config: origin } : {}),
  });
  cacheDebug("written");
}

function whyUncacheable({ loaded, graph, inputs, target }: RecordedRun): string | undefined {
  if (process.env.BERTH_CACHE === "off") return "BERTH_CACHE=off";
  if (!target.upCache) return `${target.title} stacks have no no-op cache`;
  if (!loaded.program.bundle) return "the program runs from its TypeScript sources (BERTH_FROM_SOURCE=1)";
  if (!loaded.program.bundle.settled) return "a file of the program changed while it was compiled";
  if (inputs.uncacheable) return `the program depends on ${inputs.uncacheable}, which can differ on the next run`;
  if (target.upCache.readsConfigSecrets(graph) && !loaded.stack.config.origin) return "a secret's value comes from a StackConfig built in code, which only the program can rebuild";
  return undefined;
}
