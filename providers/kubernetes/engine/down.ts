/**
 * `berth down` on Kubernetes: deletes every object of the managed kinds labelled
 * `berth.stack=<stack>` in the stack's namespace (claims only with `--volumes`), workloads first
 * with foreground propagation so their pods go before them, and waits until all are gone. The
 * ApplySet's parent ConfigMap (applyset.ts) goes after its members, the Namespace last, and only when the stack owns it and nothing else is left in it: deleting
 * a namespace deletes everything inside, including what Berth does not own.
 */
import { LABELS } from "../../shared/labels.ts";
import { APPLYSET } from "../applyset.ts";
import type { KubernetesGraph } from "../target.ts";
import { type KubeClient, type KubeObject } from "./client.ts";
import { MANAGED_KINDS } from "./kinds.ts";
import { ownedBy } from "./observe.ts";
import { waitGone } from "./wait.ts";

/** How long `down` waits for the deleted objects to be gone. */
const GONE_TIMEOUT_MS = 120_000;

/** Kinds whose objects, when not the stack's, keep the namespace alive (what the cluster adds itself is ignored). */
const OTHERS: readonly { apiVersion: string; kind: string; ignore: (o: KubeObject) => boolean }[] = [
  { apiVersion: "v1", kind: "ConfigMap", ignore: (o) => o.metadata.name === "kube-root-ca.crt" },
  { apiVersion: "v1", kind: "Secret", ignore: (o) => o.type === "kubernetes.io/service-account-token" },
  { apiVersion: "v1", kind: "ServiceAccount", ignore: (o) => o.metadata.name === "default" },
  { apiVersion: "v1", kind: "Pod", ignore: () => false },
  { apiVersion: "v1", kind: "Service", ignore: () => false },
  { apiVersion: "v1", kind: "PersistentVolumeClaim", ignore: () => false },
  { apiVersion: "apps/v1", kind: "Deployment", ignore: () => false },
  { apiVersion: "apps/v1", kind: "StatefulSet", ignore: () => false },
  { apiVersion: "batch/v1", kind: "Job", ignore: () => false },
];

/** What is in the namespace that the stack does not own (`ConfigMap/x`), at most a few. */
async function othersIn(client: KubeClient, graph: KubernetesGraph): Promise<string[]> {
  const found = await Promise.all(
    OTHERS.map(async (k) => (await client.list<KubeObject>(k.apiVersion, k.kind, graph.namespace, `${LABELS.stack}!=${graph.stack}`)).filter((o) => !k.ignore({ ...o, kind: k.kind })).map((o) => `${k.kind}/${o.metadata.name}`)),
  );
  return found.flat().sort();
}

/** Removes the stack's objects; returns their names by plural kind, plus `kept` when the namespace stays and why. */
export async function downKubernetes(client: KubeClient, graph: KubernetesGraph, volumes: boolean): Promise<Record<string, string[]>> {
  const removed: Record<string, string[]> = {};
  const deleted: KubeObject[] = [];
  const parents: KubeObject[] = [];
  for (const phase of [3, 2, 1] as const) {
    for (const k of MANAGED_KINDS.filter((m) => m.phase === phase)) {
      if (k.kind === "PersistentVolumeClaim" && !volumes) continue;
      const items = await client.list<KubeObject>(k.apiVersion, k.kind, graph.namespace, `${LABELS.stack}=${graph.stack}`);
      for (const o of items) {
        const header = { apiVersion: k.apiVersion, kind: k.kind, metadata: { name: o.metadata.name, namespace: graph.namespace } };
        if (o.metadata.labels?.[APPLYSET.id] !== undefined) {
          parents.push(header);
          continue;
        }
        if (await client.delete(header, phase === 3 ? "Foreground" : "Background")) {
          (removed[k.plural] ??= []).push(o.metadata.name);
          deleted.push(header);
        }
      }
    }
    // Workloads' pods must be gone before what they mount is deleted.
    if (phase === 3) await Promise.all(deleted.map((o) => waitGone(client, o, GONE_TIMEOUT_MS)));
  }
  await Promise.all(deleted.map((o) => waitGone(client, o, GONE_TIMEOUT_MS)));
  // The ApplySet's parent goes once its members are gone.
  for (const p of parents) {
    if (await client.delete(p, "Background")) (removed.configmaps ??= []).push(p.metadata.name);
    await waitGone(client, p, GONE_TIMEOUT_MS);
  }
  const ns = await client.read<KubeObject>("v1", "Namespace", graph.namespace);
  if (ns && ownedBy(ns, graph.stack)) {
    const others = await othersIn(client, graph);
    if (others.length === 0) {
      const header = { apiVersion: "v1", kind: "Namespace", metadata: { name: graph.namespace } };
      await client.delete(header, "Background");
      await waitGone(client, header, GONE_TIMEOUT_MS);
      removed.namespaces = [graph.namespace];
    } else {
      removed.kept = [`namespace ${graph.namespace}: it holds what Berth does not own (${others.slice(0, 5).join(", ")}${others.length > 5 ? ", ..." : ""})`];
    }
  }
  for (const names of Object.values(removed)) names.sort();
  return removed;
}
