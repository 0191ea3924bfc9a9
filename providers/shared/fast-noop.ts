/**
 * The no-op fast path of `berth up`, as a target provides it: given the lowered graph and the
 * platform facts a previous gated run recorded, observe the platform and answer "no changes"
 * with read-only calls, or decline. It must never conclude anything else: any change, drift,
 * busy lock or doubt is the full run's to handle. Fast paths load neither the sdk nor zod.
 */
import type { SecretSources } from "./secret-values.ts";
import type { TargetFacts, UpOutcome } from "./provider.ts";

/** What a recorded run gives the fast path. */
export interface FastNoopInput {
  /** The recorded lowered graph. */
  readonly lowered: unknown;
  /** The facts the recorded gate judged against; a different live fact is a miss. */
  readonly facts: TargetFacts;
  readonly sources: SecretSources;
  /** Says why it declined (`BERTH_DEBUG=cache`). */
  readonly debug: (message: string) => void;
}

/** Answers a no-op `up` (the outcome to print), or declines (undefined). */
export type FastNoop = (input: FastNoopInput) => Promise<UpOutcome | undefined>;
