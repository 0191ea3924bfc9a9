/**
 * The Kubernetes no-op fast path of `berth up` (providers/shared/fast-noop.ts): observe the
 * namespace against the recorded lowered graph and plan, with GET requests of a small reader
 * (read-client.ts, not the client library) — the full client's dry-run only for objects another
 * field manager touched — and confirm the server version the gate judged against. Any change,
 * drift or doubt declines, and the full run handles it, and so does a Lease on the stack (a run
 * holds it, or one was killed before releasing it). No lock is taken: like the full run's first
 * plan, a no-op needs none.
 */
import { planHasChanges } from "../../shared/engine/plan.ts";
import type { FastNoop } from "../../shared/fast-noop.ts";
import type { KubernetesGraph } from "../target.ts";
import { KubeClient } from "./client.ts";
import { foreignManagers } from "./field-diff.ts";
import { leaseName } from "./lease.ts";
import { observeStack } from "./observe.ts";
import { kubernetesEndpoints, secretValues } from "./outcome.ts";
import { planKubernetes, refineKubernetesPlan } from "./plan.ts";
import { openReadClient } from "./read-client.ts";

/** Answers a no-op `up` on Kubernetes from its recorded graph, or declines. */
export const kubernetesFastNoop: FastNoop = async ({ lowered, facts, sources, debug }) => {
  const graph = lowered as KubernetesGraph;
  if (typeof graph.namespace !== "string" || !Array.isArray(graph.nodes)) return undefined;
  const values = secretValues(graph, sources);
  const reader = openReadClient(graph.context);
  if (!reader) {
    debug("miss: the kubeconfig needs the full client (exec plugin, auth provider, proxy or several files)");
    return undefined;
  }
  const [version, live, lease] = await Promise.all([reader.serverVersion(), observeStack(reader, graph), reader.read("coordination.k8s.io/v1", "Lease", leaseName(graph.stack), graph.namespace)]);
  if (version !== facts.kubernetesVersion) {
    debug("miss: the server's Kubernetes version changed");
    return undefined;
  }
  // A Lease means a run holds the stack, or one was stopped before it released it: the full run
  // waits for the one or takes the other over and removes it.
  if (lease) {
    debug("miss: the stack's Lease is held");
    return undefined;
  }
  const first = planKubernetes(graph, live, values);
  // Fields another manager set need a dry-run to tell drift from a no-op: the full client's.
  const touched = [...live.owned.values()].some((o) => foreignManagers(o).length > 0);
  const p = touched && !planHasChanges(first) ? await refineKubernetesPlan(new KubeClient(graph.context), graph, live, first, values) : first;
  if (planHasChanges(p)) {
    debug("miss: the cluster has changes to make");
    return undefined;
  }
  return { plan: p, changed: false, applied: 0, unchanged: p.changes.length, endpoints: kubernetesEndpoints(graph) };
};
