/**
 * `berth ps` and `berth logs` on Kubernetes: the stack's pods (by the `berth.stack` label) and a
 * workload's pods' last log lines. Read requests only.
 */
import { LABELS } from "../../shared/labels.ts";
import { unknownWorkload } from "../../shared/engine/unknown-workload.ts";
import type { PsRow } from "../../shared/provider.ts";
import type { KubernetesGraph } from "../target.ts";
import type { KubeClient, KubeObject } from "./client.ts";
import { isWorkloadNode } from "./kinds.ts";
import { podSelectorOf } from "./wait.ts";

interface PodStatus {
  phase?: string;
  containerStatuses?: { ready: boolean; restartCount: number }[];
}

/** The stack's pods: name, the portable node they run, phase and Kubernetes node, readiness and restarts. */
export async function psKubernetes(client: KubeClient, graph: KubernetesGraph): Promise<PsRow[]> {
  const pods = await client.list<KubeObject>("v1", "Pod", graph.namespace, `${LABELS.stack}=${graph.stack}`);
  return pods
    .map((p) => {
      const st = (p.status ?? {}) as PodStatus;
      const cs = st.containerStatuses ?? [];
      const on = (p.spec as { nodeName?: string }).nodeName;
      return {
        name: p.metadata.name,
        node: p.metadata.labels?.[LABELS.node] ?? "",
        state: `${st.phase ?? "Unknown"}${on ? ` on ${on}` : ""}`,
        health: `${cs.filter((c) => c.ready).length}/${cs.length} ready, ${cs.reduce((n, c) => n + c.restartCount, 0)} restarts`,
        ports: [],
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The workload node named by id (`Shop/web`) or name (`shop-web`). */
export function workloadNode(graph: KubernetesGraph, which: string) {
  const all = graph.nodes.filter(isWorkloadNode);
  const found =
    all.find((n) => n.id === which || n.name === which || n.id.toLowerCase() === which.toLowerCase() || n.name === `${graph.stack}-${which}`) ??
    // A component's workload by its own id (`web` for `Shop/web`), when only one has it.
    (all.filter((n) => n.id.split("/").pop() === which).length === 1 ? all.find((n) => n.id.split("/").pop() === which) : undefined);
  if (!found) throw unknownWorkload(graph.stack, which, all.map((n) => n.id).sort());
  return found;
}

/** The last `tail` lines of each pod of a workload, prefixed `<pod> | ` when it has several. */
export async function logsKubernetes(client: KubeClient, graph: KubernetesGraph, which: string, tail: number): Promise<string> {
  const node = workloadNode(graph, which);
  const selector = node.kind === "k8s.job" ? `job-name=${node.name}` : podSelectorOf(node.object as never);
  const pods = (await client.list<KubeObject>("v1", "Pod", graph.namespace, selector)).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const parts: string[] = [];
  for (const p of pods) {
    const text = (await client.podLog(graph.namespace, p.metadata.name, tail)).replace(/\n$/, "");
    if (!text) continue;
    const lines = text.split("\n");
    parts.push(...lines.map((l) => (pods.length > 1 ? `${p.metadata.name} | ${l}` : l)));
  }
  return parts.join("\n");
}
