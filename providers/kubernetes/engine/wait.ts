/**
 * Waiting for an applied object to be ready, the way Pulumi's Kubernetes provider awaits:
 *
 * - Deployment: the controller saw this generation (`observedGeneration ≥ generation`) and every
 *   replica is updated and available; `ProgressDeadlineExceeded` or the timeout fails it;
 * - Job: condition `Complete`; `Failed` fails it with its pods' last log lines;
 * - PersistentVolumeClaim: `Bound`.
 *
 * A failure returns what the user needs to see (pod states, their last events, log lines);
 * the caller decides what to do about it (roll back, report).
 */
import type { FailureDetail } from "../../shared/engine/apply-run.ts";
import type { KubeClient, KubeObject } from "./client.ts";

/** How long between two looks at an object. */
const POLL_MS = 1000;

/** Why an object did not become ready, with what to show. */
export interface NotReady {
  readonly reason: string;
  readonly detail: FailureDetail;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The selector of a workload's pods, as a label selector string. */
export function podSelectorOf(o: KubeObject): string {
  const spec = o.spec as { selector?: { matchLabels?: Record<string, string> }; template?: { metadata?: { labels?: Record<string, string> } } };
  const labels = spec.selector?.matchLabels ?? {};
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(",");
}

/** Pods' states and their last events: what explains a workload that is not ready. */
export async function podDiagnosis(client: KubeClient, namespace: string, selector: string, logLines = 0): Promise<string[]> {
  const pods = await client.list<KubeObject>("v1", "Pod", namespace, selector);
  const lines: string[] = [];
  for (const p of pods.slice(-3)) {
    const status = p.status as { phase?: string; containerStatuses?: { name: string; restartCount: number; state?: Record<string, { reason?: string; message?: string; exitCode?: number }> }[] };
    const cs = (status.containerStatuses ?? []).map((c) => {
      const [state, s] = Object.entries(c.state ?? {})[0] ?? ["unknown", {}];
      return `${c.name} ${state}${s.reason ? ` (${s.reason}${s.exitCode !== undefined ? `, exit ${s.exitCode}` : ""})` : ""}, ${c.restartCount} restarts`;
    });
    lines.push(`pod ${p.metadata.name}: ${status.phase ?? "Unknown"}${cs.length ? `; ${cs.join("; ")}` : ""}`);
    const events = await client.list<KubeObject>("v1", "Event", namespace, undefined, `involvedObject.name=${p.metadata.name}`);
    for (const e of events.slice(-5)) lines.push(`  event ${String(e.type)} ${String(e.reason)}: ${String(e.message ?? "").trim()}`);
    if (logLines > 0) {
      const log = (await client.podLog(namespace, p.metadata.name, logLines)).trimEnd();
      if (log) lines.push(`  last log lines:`, ...log.split("\n").map((l) => `    ${l}`));
    }
  }
  return lines.length ? lines : ["no pods"];
}

/** Waits for a Deployment to roll out; resolves undefined when ready, else why not. */
export async function waitDeployment(client: KubeClient, o: KubeObject, timeoutMs: number, aborted: () => boolean): Promise<NotReady | undefined> {
  const deadline = Date.now() + timeoutMs;
  const ns = o.metadata.namespace!;
  for (;;) {
    const d = await client.read<KubeObject>("apps/v1", "Deployment", o.metadata.name, ns);
    if (!d) return { reason: "the Deployment disappeared while Berth waited for it", detail: { heading: "pods", lines: [] } };
    const want = (d.spec as { replicas?: number }).replicas ?? 1;
    const st = (d.status ?? {}) as { observedGeneration?: number; updatedReplicas?: number; availableReplicas?: number; replicas?: number; conditions?: Condition[] };
    const observed = (st.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
    if (observed && (st.updatedReplicas ?? 0) === want && (st.availableReplicas ?? 0) === want && (st.replicas ?? 0) === want) return undefined;
    const stuck = st.conditions?.find((c) => c.type === "Progressing" && c.reason === "ProgressDeadlineExceeded");
    if (stuck || Date.now() > deadline || aborted()) {
      const why = stuck ? `its rollout exceeded progressDeadlineSeconds (${stuck.message ?? ""})` : `not ready after ${Math.round(timeoutMs / 1000)} s: ${st.availableReplicas ?? 0}/${want} available, ${st.updatedReplicas ?? 0}/${want} updated`;
      return { reason: why, detail: { heading: "pods and their last events", lines: await podDiagnosis(client, ns, podSelectorOf(d), 5) } };
    }
    await sleep(POLL_MS);
  }
}

/** Waits for a Job to complete; a failed Job returns its pods' last log lines. */
export async function waitJob(client: KubeClient, o: KubeObject, timeoutMs: number, aborted: () => boolean): Promise<NotReady | undefined> {
  const deadline = Date.now() + timeoutMs;
  const ns = o.metadata.namespace!;
  for (;;) {
    const j = await client.read<KubeObject>("batch/v1", "Job", o.metadata.name, ns);
    if (!j) return { reason: "the Job disappeared while Berth waited for it", detail: { heading: "pods", lines: [] } };
    const conds = ((j.status ?? {}) as { conditions?: Condition[] }).conditions ?? [];
    if (conds.some((c) => c.type === "Complete" && c.status === "True")) return undefined;
    const failed = conds.find((c) => c.type === "Failed" && c.status === "True");
    if (failed || Date.now() > deadline || aborted()) {
      const why = failed ? `the Job failed (${failed.reason ?? ""}${failed.message ? `: ${failed.message}` : ""})` : `not complete after ${Math.round(timeoutMs / 1000)} s`;
      return { reason: why, detail: { heading: "pods, their last events and log lines", lines: await podDiagnosis(client, ns, `job-name=${o.metadata.name}`, 20) } };
    }
    await sleep(POLL_MS);
  }
}

/** Waits for a claim to be bound to a volume. */
export async function waitClaim(client: KubeClient, o: KubeObject, timeoutMs: number, aborted: () => boolean): Promise<NotReady | undefined> {
  const deadline = Date.now() + timeoutMs;
  const ns = o.metadata.namespace!;
  for (;;) {
    const c = await client.read<KubeObject>("v1", "PersistentVolumeClaim", o.metadata.name, ns);
    const phase = (c?.status as { phase?: string } | undefined)?.phase;
    if (phase === "Bound") return undefined;
    const events = Date.now() > deadline || aborted() || phase === "Lost" ? await client.list<KubeObject>("v1", "Event", ns, undefined, `involvedObject.name=${o.metadata.name}`) : [];
    // A class that binds when the first pod is scheduled (WaitForFirstConsumer) is not an error.
    if (events.some((e) => e.reason === "WaitForFirstConsumer")) return undefined;
    if (Date.now() > deadline || aborted() || phase === "Lost") {
      return { reason: `the claim is ${phase ?? "missing"}, not Bound, after ${Math.round(timeoutMs / 1000)} s`, detail: { heading: "its events", lines: events.slice(-5).map((e) => `${String(e.reason)}: ${String(e.message ?? "")}`) } };
    }
    await sleep(POLL_MS);
  }
}

/** Waits until an object is gone (after a delete). */
export async function waitGone(client: KubeClient, o: Pick<KubeObject, "apiVersion" | "kind" | "metadata">, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await client.read(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace))) return true;
    await sleep(POLL_MS / 2);
  }
  return false;
}
