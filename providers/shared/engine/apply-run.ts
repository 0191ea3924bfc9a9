/**
 * The state one apply shares across its concurrent steps, the same for every engine: a bound on
 * mutating calls in flight, the progress sink, the count of applied changes and the failures.
 * The first failure aborts the run: calls in flight complete, nothing new starts, and the run
 * ends with one error naming every node that failed.
 */
import { BerthError, type BerthIssue } from "../../../sdk/core/errors.ts";
import type { EngineChange } from "./plan.ts";
import type { ProgressEvent } from "./progress-event.ts";
import { Semaphore } from "./semaphore.ts";

/**
 * Thrown to unwind work that did not start (or stopped waiting) because the run was aborted.
 * It is never reported: the failure that aborted the run is.
 */
export class Skipped extends Error {}

/** Options every engine's apply takes. */
export interface ApplyRunOptions {
  /** Mutating operations in flight at once. @default 4 */
  readonly parallelism?: number;
  readonly onEvent?: (e: ProgressEvent) => void;
}

/** What an apply did. */
export interface ApplyResult {
  readonly applied: number;
  readonly unchanged: number;
}

/** Lines shown under a failure's reason (a container's last log lines, a service's task errors). */
export interface FailureDetail {
  readonly heading: string;
  readonly lines: readonly string[];
}

/** One apply in progress: see the module comment. */
export class ApplyRun {
  /** Reports progress (a no-op when the caller did not ask for events). */
  readonly emit: (e: ProgressEvent) => void;
  private readonly sem: Semaphore;
  private readonly failures: BerthIssue[] = [];
  private stopped = false;
  private applied = 0;

  constructor(options: ApplyRunOptions) {
    this.sem = new Semaphore(options.parallelism ?? 4);
    this.emit = options.onEvent ?? (() => {});
  }

  /** True once a node failed: waits give up and nothing new starts. */
  get aborted(): boolean {
    return this.stopped;
  }

  /** Runs one mutating step under the semaphore, unless the run was aborted meanwhile. */
  async step<T>(fn: () => Promise<T>): Promise<T> {
    await this.sem.acquire();
    try {
      if (this.stopped) throw new Skipped();
      return await fn();
    } finally {
      this.sem.release();
    }
  }

  /** Records that a node failed, which aborts the run. */
  fail(node: { readonly id: string; readonly name: string; readonly path: string }, reason: string, detail?: FailureDetail): void {
    this.stopped = true;
    const more = detail && detail.lines.length ? `\n  ${detail.heading}:\n${detail.lines.map((l) => `    ${l}`).join("\n")}` : "";
    this.failures.push({
      code: "engine.apply",
      path: node.path,
      field: node.id,
      found: node.name,
      message: `'${node.id}' (${node.name}) failed: ${reason}${more}`,
      fix: "fix the cause and run `berth up` again; it resumes from what exists",
    });
  }

  /** Counts one applied change and reports it. */
  done(e: ProgressEvent): void {
    this.applied++;
    this.emit(e);
  }

  /** Throws a {@link BerthError} naming every node that failed so far, if any did. */
  throwIfFailed(): void {
    if (this.failures.length) throw new BerthError(this.failures);
  }

  /**
   * Ends a phase of concurrent steps: an unexpected error (a bug, not a node failure) is thrown
   * as is; otherwise the recorded failures are.
   */
  settle(results: readonly PromiseSettledResult<unknown>[]): void {
    for (const r of results) if (r.status === "rejected" && !(r.reason instanceof Skipped)) throw r.reason;
    this.throwIfFailed();
  }

  /** The result of a run that got through every phase of `changes`. */
  result(changes: readonly EngineChange[]): ApplyResult {
    return { applied: this.applied, unchanged: changes.filter((c) => c.op === "noop" || c.op === "keep").length };
  }
}
