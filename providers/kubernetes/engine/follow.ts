/**
 * `berth logs --follow` on Kubernetes: follows the log of every pod of a workload (by its pod
 * selector, a Job's by `job-name`) line by line, as the Docker-based targets follow containers.
 * Pods that start while it runs (a rolling update, a Job's retry) are picked up: the pod list is
 * read again every second and each new pod is followed from its first line. It ends when no
 * stream is open and no pod of the workload is pending or running (a completed Job), or when
 * `signal` aborts (the CLI: Ctrl-C ends the process).
 *
 * The log API merges a container's stdout and stderr into one stream, so every line is reported
 * as `stdout`. A line is prefixed with its pod's name once more than one pod has been followed.
 */
import { lineWriter } from "../../shared/docker-api/follow.ts";
import type { OnLogLine } from "../../shared/provider.ts";
import type { KubernetesGraph } from "../target.ts";
import type { KubeClient, KubeObject } from "./client.ts";
import { workloadNode } from "./inspect.ts";
import { podSelectorOf } from "./wait.ts";

/** How often the pod list is read again. */
const POLL_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The label selector of a workload node's pods. */
export function workloadSelector(node: ReturnType<typeof workloadNode>): string {
  return node.kind === "k8s.job" ? `job-name=${node.name}` : podSelectorOf(node.object as never);
}

/** The pod's phase. */
function phaseOf(p: KubeObject): string {
  return ((p.status ?? {}) as { phase?: string }).phase ?? "Pending";
}

/** True once the pod's first container has started (a log exists to follow). */
function started(p: KubeObject): boolean {
  const cs = ((p.status ?? {}) as { containerStatuses?: { state?: { running?: unknown; terminated?: unknown } }[] }).containerStatuses ?? [];
  return cs.some((c) => Boolean(c.state?.running ?? c.state?.terminated));
}

/** The name of the pod's (first) container. */
function containerOf(p: KubeObject): string {
  return ((p.spec as { containers: { name: string }[] }).containers[0]!).name;
}

/** Follows the pods of the workload `which` until they all stop or `signal` aborts. */
export async function followKubernetes(client: KubeClient, graph: KubernetesGraph, which: string, tail: number, onLine: OnLogLine, signal?: AbortSignal): Promise<void> {
  const node = workloadNode(graph, which);
  const selector = workloadSelector(node);
  const ns = graph.namespace;
  /** Pods followed so far (open or ended), by name. */
  const followed = new Map<string, { controller?: AbortController; ended: Promise<void> }>();
  const first = new Set<string>();
  let round = 0;
  const aborted = () => signal?.aborted === true;
  const stopAll = () => {
    for (const f of followed.values()) f.controller?.abort();
  };
  signal?.addEventListener("abort", stopAll, { once: true });
  try {
    for (;;) {
      const pods = aborted() ? [] : await client.list<KubeObject>("v1", "Pod", ns, selector);
      if (round === 0) for (const p of pods) first.add(p.metadata.name);
      for (const p of pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
        const name = p.metadata.name;
        if (followed.has(name) || !started(p) || aborted()) continue;
        // Pods there when following began show their last `tail` lines; later ones all of theirs.
        const from = first.has(name) ? tail : undefined;
        let end!: () => void;
        const entry: { controller?: AbortController; ended: Promise<void> } = { ended: new Promise<void>((r) => (end = r)) };
        followed.set(name, entry);
        const out = lineWriter((text) => onLine({ container: name, stream: "stdout", text }, followed.size > 1));
        out.once("finish", end);
        out.once("close", end);
        out.once("error", end);
        try {
          entry.controller = await client.followPodLog(ns, name, containerOf(p), out, from);
        } catch {
          // The pod went (or its container is not there yet): nothing to follow now.
          followed.delete(name);
          end();
        }
      }
      round++;
      const allEnded = Promise.all([...followed.values()].map((f) => f.ended)).then(() => true);
      const ended = await Promise.race([allEnded, sleep(POLL_MS).then(() => false)]);
      if (aborted()) break;
      // Every stream ended and no pod runs or is about to: done (a Deployment's pods never end).
      if (ended && !pods.some((p) => !p.metadata.deletionTimestamp && (phaseOf(p) === "Pending" || (phaseOf(p) === "Running" && !followed.has(p.metadata.name))))) break;
      if (ended) await sleep(POLL_MS);
    }
  } finally {
    signal?.removeEventListener("abort", stopAll);
    stopAll();
  }
}
