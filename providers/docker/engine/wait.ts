/**
 * Waiting for a container to reach a condition, by polling inspect (read-only calls).
 */
import type { DockerEngineClient } from "../../shared/docker-api/client.ts";

/** What to wait for. */
export type WaitCondition = "running" | "healthy" | "completed";

/** The outcome of a wait. */
export type WaitResult = { readonly ok: true } | { readonly ok: false; readonly aborted: boolean; readonly reason: string };

const POLL_MS = 100;

/** Polls a container until the condition holds, it can no longer hold, the timeout passes or `aborted()`. */
export async function waitFor(client: DockerEngineClient, name: string, cond: WaitCondition, timeoutMs: number, aborted: () => boolean): Promise<WaitResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const i = await client.inspectContainer(name);
    if (!i) return { ok: false, aborted: false, reason: "the container disappeared" };
    const s = i.State;
    if (cond === "completed") {
      if (s.Status === "exited" && !s.Restarting) {
        return s.ExitCode === 0 ? { ok: true } : { ok: false, aborted: false, reason: `the job exited with code ${s.ExitCode}${i.RestartCount ? ` after ${i.RestartCount} restarts` : ""}${s.Error ? ` (${s.Error})` : ""}` };
      }
    } else if (s.Status === "exited" || s.Status === "dead") {
      return { ok: false, aborted: false, reason: `the container exited with code ${s.ExitCode}${s.Error ? ` (${s.Error})` : ""} instead of ${cond === "healthy" ? "becoming healthy" : "running"}` };
    } else if (cond === "running" && s.Running) {
      return { ok: true };
    } else if (cond === "healthy") {
      const h = s.Health?.Status;
      if (h === "healthy") return { ok: true };
      if (h === "unhealthy") {
        const last = s.Health?.Log?.at(-1)?.Output?.trim();
        return { ok: false, aborted: false, reason: `the container is unhealthy${last ? `: ${last}` : ""}` };
      }
      if (!h && s.Running) return { ok: true };
    }
    if (aborted()) return { ok: false, aborted: true, reason: "aborted" };
    if (Date.now() > deadline) return { ok: false, aborted: false, reason: `timed out after ${Math.round(timeoutMs / 1000)} s waiting for it to be ${cond}` };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
