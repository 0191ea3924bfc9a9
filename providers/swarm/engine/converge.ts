/**
 * Waiting for a service to converge, by polling the service and its tasks (read-only calls):
 * - a replicated service: its update finished (`UpdateStatus.State` completed, or none after a
 *   create) and as many tasks as replicas are running — and healthy, when it has a healthcheck;
 * - a replicated job: a task of the current iteration completed.
 * An update swarm rolls back is a failure naming the task errors; the wait lasts until the
 * rollback completed, so the previous version serves again when `up` reports it.
 */
import type { SwarmServiceNode } from "../target.ts";
import type { LiveTask, SwarmClient } from "./client.ts";

/** What to wait for. */
export type ConvergeCondition = "started" | "healthy" | "completed";

/** The outcome of a wait. */
export type ConvergeResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly aborted: boolean; readonly rolledBack: boolean; readonly reason: string; readonly taskErrors: readonly string[] };

/** Options of {@link converge}. */
export interface ConvergeOptions {
  readonly timeoutMs: number;
  /** Tasks created before this time (epoch ms) belong to earlier runs. */
  readonly since: number;
  readonly aborted: () => boolean;
  /** Called with a short status line when it changes (`1/2 running`). */
  readonly onStatus?: (status: string) => void;
  /** Poll interval. @default 500 ms */
  readonly pollMs?: number;
}

const ROLLBACK = new Set(["rollback_started", "rollback_paused", "rollback_completed"]);
const FAILED = new Set(["failed", "rejected", "orphaned"]);
/** Tolerated clock difference between this machine and the manager. */
const CLOCK_SLACK_MS = 2000;
/** Failed tasks of a fresh create after which waiting on is pointless (the restart loop goes on). */
const MAX_FRESH_FAILURES = 3;

/** Polls until the service converged, failed, `aborted()` or the timeout passed. */
export async function converge(client: SwarmClient, node: SwarmServiceNode, cond: ConvergeCondition, o: ConvergeOptions): Promise<ConvergeResult> {
  const deadline = Date.now() + o.timeoutMs;
  let last = "";
  const status = (s: string) => {
    if (s !== last) o.onStatus?.(s);
    last = s;
  };
  for (;;) {
    const svc = (await client.listServicesByName(node.name))[0];
    if (!svc) return fail(false, "the service disappeared", []);
    const tasks = await client.listTasks(svc.ID);
    const errors = taskErrors(tasks, o.since);
    // An update status older than this run belongs to an earlier update (or its rollback).
    const us = svc.UpdateStatus;
    const state = us?.StartedAt && Date.parse(us.StartedAt) >= o.since - CLOCK_SLACK_MS ? us.State : undefined;
    if (state && ROLLBACK.has(state)) {
      status(`rolling back: ${svc.UpdateStatus?.Message ?? ""}`.trim());
      if (state !== "rollback_started") return fail(true, `swarm rolled the update back (${svc.UpdateStatus?.Message ?? state})`, errors);
    } else if (state === "paused") {
      return fail(false, `swarm paused the update (${svc.UpdateStatus?.Message ?? "paused"})`, errors);
    } else if (node.role === "job") {
      const iteration = svc.JobStatus?.JobIteration?.Index;
      const current = tasks.filter((t) => iteration === undefined || t.JobIteration?.Index === iteration);
      if (current.some((t) => t.Status.State === "complete")) return { ok: true };
      const failed = current.filter((t) => FAILED.has(t.Status.State));
      const maxAttempts = node.spec.TaskTemplate.RestartPolicy.MaxAttempts;
      status(`${failed.length} failed run(s)`);
      if (failed.length > maxAttempts && !current.some((t) => t.DesiredState === "complete" && !FAILED.has(t.Status.State))) {
        return fail(false, `the job failed ${failed.length} time(s)`, errors);
      }
    } else if (state === undefined || state === "completed") {
      const want = "Replicated" in node.spec.Mode ? node.spec.Mode.Replicated.Replicas : 1;
      const all = tasks.filter((t) => t.DesiredState === "running" && t.Status.State === "running");
      // Only tasks of the current spec count: right after an update the old ones still run.
      // The service's spec carries defaults its tasks' specs omit, so the task's must be a subset.
      const running = all.filter((t) => subset(t.Spec, svc.Spec.TaskTemplate));
      const ready = cond === "started" || !node.spec.TaskTemplate.ContainerSpec.Healthcheck ? running : await healthy(client, running);
      status(`${ready.length}/${want} ${cond === "started" || !node.spec.TaskTemplate.ContainerSpec.Healthcheck ? "running" : "healthy"}`);
      if (ready.length === want && all.length === want) return { ok: true };
      const fresh = tasks.filter((t) => FAILED.has(t.Status.State) && Date.parse(t.CreatedAt) >= o.since - CLOCK_SLACK_MS);
      if (fresh.length >= MAX_FRESH_FAILURES) return fail(false, `${fresh.length} tasks failed`, errors);
    } else status(`update ${state}`);
    if (o.aborted()) return { ok: false, aborted: true, rolledBack: false, reason: "aborted", taskErrors: [] };
    if (Date.now() > deadline) return fail(false, `timed out after ${Math.round(o.timeoutMs / 1000)} s waiting for it to be ${cond === "completed" ? "completed" : cond === "healthy" ? "running and healthy" : "running"} (${last})`, errors);
    await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
  }
}

function fail(rolledBack: boolean, reason: string, taskErrors: string[]): ConvergeResult {
  return { ok: false, aborted: false, rolledBack, reason, taskErrors };
}

/** Distinct errors of the tasks that failed since `since`, newest first (at most 5). */
export function taskErrors(tasks: readonly LiveTask[], since: number): string[] {
  const failed = tasks
    .filter((t) => (FAILED.has(t.Status.State) || (t.Status.Err ?? "") !== "") && Date.parse(t.CreatedAt) >= since - CLOCK_SLACK_MS)
    .sort((a, b) => (a.CreatedAt < b.CreatedAt ? 1 : -1));
  return [...new Set(failed.map((t) => `${t.Status.State}: ${t.Status.Err ?? t.Status.Message ?? "no message"}`))].slice(0, 5);
}

/** The running tasks whose container reports healthy. Containers on other nodes (not inspectable here) count as healthy once running. */
async function healthy(client: SwarmClient, running: readonly LiveTask[]): Promise<LiveTask[]> {
  const out: LiveTask[] = [];
  for (const t of running) {
    const id = t.Status.ContainerStatus?.ContainerID;
    if (!id) continue;
    const c = await client.engine.inspectContainer(id);
    if (!c || c.State.Health?.Status === "healthy") out.push(t);
  }
  return out;
}

/** True when every field set in `a` has the same value in `b` (arrays compare element-wise). */
function subset(a: unknown, b: unknown): boolean {
  const unset = (v: unknown) => v === undefined || v === null || v === 0 || v === false || v === "" || (typeof v === "object" && Object.keys(v as object).length === 0);
  if (unset(a)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => subset(x, b[i]));
  if (a && typeof a === "object") return !!b && typeof b === "object" && Object.keys(a).every((k) => subset((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  return a === b;
}
