/**
 * The scaffolding of the commands that change a stack, for every engine: they run under the
 * stack's lock, so two runs on one stack never interleave, and `up` applies only a plan that
 * changes something, so an up-to-date stack is confirmed with read-only calls.
 */
import type { ApplyResult } from "./apply-run.ts";
import { planHasChanges, type EnginePlan } from "./plan.ts";

/** A held lock. */
export interface HeldLock {
  release(): void;
}

/** Runs `work` holding the lock `acquire` takes; the lock is released however `work` ends. */
export async function withLock<T>(acquire: () => Promise<HeldLock>, work: () => Promise<T>): Promise<T> {
  const lock = await acquire();
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/** The engine-specific steps of {@link lockPlanApply}. */
export interface LockPlanApplySteps<P extends EnginePlan> {
  /** Takes the stack lock. */
  readonly lock: () => Promise<HeldLock>;
  /** Observes the stack and diffs it against the graph. */
  readonly plan: () => Promise<P>;
  /** Applies a plan that changes something. */
  readonly apply: (plan: P) => Promise<ApplyResult>;
}

/**
 * `berth up` once the target is checked: lock the stack, plan, and apply when the plan changes
 * anything. The plan is made under the lock: made before it, another run could change the
 * stack between the two.
 */
export function lockPlanApply<P extends EnginePlan>(steps: LockPlanApplySteps<P>): Promise<{ plan: P; result: ApplyResult }> {
  return withLock(steps.lock, async () => {
    const plan = await steps.plan();
    if (!planHasChanges(plan)) return { plan, result: { applied: 0, unchanged: plan.changes.length } };
    return { plan, result: await steps.apply(plan) };
  });
}
