/**
 * The progress events both engines emit while applying a plan. One shape for both, so the CLI
 * renders and records a Docker host run and a swarm run the same way.
 */
import type { ChangeOp } from "./plan.ts";

/** One progress event, per node. */
export interface ProgressEvent {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly op: ChangeOp;
  readonly status: "started" | "waiting" | "done" | "failed" | "skipped";
  readonly detail?: string;
  readonly elapsedMs?: number;
}
