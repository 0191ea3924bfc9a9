/**
 * Applying a Kubernetes plan: server-side apply (field manager `berth`, forced) of each changed
 * node in dependency order — the namespace, then the ApplySet's parent (applyset.ts: it must
 * exist before its members; it lives in the namespace), then service accounts, then Secrets, ConfigMaps,
 * claims, Services and policies, then workloads in the order of the graph's edges — each waited
 * on (wait.ts) before what depends on it starts. Jobs whose spec changed are deleted and created
 * again (a Job's template is immutable). Owned objects no node wants are deleted last.
 *
 * Secret values are added to the Secret's object here, in memory, at the moment it is applied:
 * never in the graph, an annotation, an event or an error.
 */
import { ApplyRun, Skipped, type ApplyResult } from "../../shared/engine/apply-run.ts";
import { dependencyOrder, type OrderingEdge } from "../../shared/engine/dependency-order.ts";
import type { ProgressEvent } from "../../shared/engine/progress-event.ts";
import { APPLYSET_NODE_ID } from "../applyset.ts";
import type { KubernetesGraph, KubernetesNode } from "../target.ts";
import { serverMessage, statusOf, type KubeClient, type KubeObject } from "./client.ts";
import { managedKind } from "./kinds.ts";
import { secretData, type KubernetesChange, type KubernetesPlan, type SecretValues } from "./plan.ts";
import { rollBack } from "./rollback.ts";
import { waitClaim, waitDeployment, waitGone, waitJob, type NotReady } from "./wait.ts";

/** Options of {@link applyKubernetes}. */
export interface KubernetesApplyOptions {
  readonly parallelism?: number;
  /** How long one object may take to become ready. */
  readonly timeoutMs: number;
  readonly onEvent?: (e: ProgressEvent) => void;
  readonly values: SecretValues;
}

/** The object to apply for a node: its manifest, plus a Secret's data. */
export function desiredObject(node: KubernetesNode, values: SecretValues): KubeObject {
  const o = node.object as unknown as KubeObject;
  if (node.kind !== "k8s.secret") return o;
  const data = secretData(node, values);
  return data ? { ...o, data } : o;
}

/**
 * Ordering edges for the whole graph: the graph's own (between workloads) plus each phase's
 * objects after the previous phase's, so a pod never starts before what it mounts exists. The
 * ApplySet's parent comes after the namespace and before every other member.
 */
export function phaseEdges(graph: KubernetesGraph): OrderingEdge<string>[] {
  const isParent = (n: KubernetesNode) => n.id === APPLYSET_NODE_ID;
  const phase = (n: KubernetesNode) => (isParent(n) ? 0 : managedKind(n.kind).phase);
  const edges: OrderingEdge<string>[] = graph.edges.map((e) => ({ ...e }));
  const parent = graph.nodes.find(isParent);
  if (parent) {
    for (const n of graph.nodes) {
      if (n === parent) continue;
      if (n.kind === "k8s.namespace") edges.push({ from: parent.id, to: n.id, condition: "started" });
      else edges.push({ from: n.id, to: parent.id, condition: "started" });
    }
  }
  for (const n of graph.nodes) for (const m of graph.nodes) if (phase(m) < phase(n) && (phase(m) === phase(n) - 1 || phase(n) === 3)) edges.push({ from: n.id, to: m.id, condition: "started" });
  return edges;
}

/** Applies a plan that changes something; throws a BerthError naming every object that failed. */
export async function applyKubernetes(client: KubeClient, graph: KubernetesGraph, plan: KubernetesPlan, options: KubernetesApplyOptions): Promise<ApplyResult> {
  const run = new ApplyRun({ ...(options.parallelism ? { parallelism: options.parallelism } : {}), ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
  const changes = new Map(plan.changes.filter((c) => c.op !== "delete").map((c) => [c.id, c]));
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const realize = dependencyOrder<KubernetesNode, KubernetesChange, string>(run, phaseEdges(graph), {
    work(id) {
      const change = changes.get(id);
      const node = nodes.get(id);
      return node && change && (change.op === "create" || change.op === "update" || change.op === "replace") ? { node, change } : undefined;
    },
    async mutate(node, change) {
      const o = desiredObject(node, options.values);
      if (change.op === "replace") {
        await client.delete(o, "Background");
        await waitGone(client, o, options.timeoutMs);
      }
      await client.apply(o);
    },
    failed(node, change, error) {
      const reason = requestFailed(error);
      run.emit({ id: node.id, kind: node.kind, name: node.name, op: change.op, status: "failed", detail: reason });
      run.fail(node, reason);
    },
    async ready(node, change) {
      const o = desiredObject(node, options.values);
      let notReady: NotReady | undefined;
      try {
        if (node.kind === "k8s.deployment") notReady = await waitDeployment(client, o, options.timeoutMs, () => run.aborted);
        else if (node.kind === "k8s.job") notReady = await waitJob(client, o, options.timeoutMs, () => run.aborted);
        else if (node.kind === "k8s.persistent-volume-claim") notReady = await waitClaim(client, o, options.timeoutMs, () => run.aborted);
      } catch (e) {
        // Applied, but its state could not be read: the node is named, not a bare network error.
        const reason = `applied, but while Berth waited for it ${requestFailed(e)}`;
        run.emit({ id: node.id, kind: node.kind, name: node.name, op: change.op, status: "failed", detail: reason });
        run.fail(node, reason);
        throw new Skipped();
      }
      if (!notReady) return;
      let reason = notReady.reason;
      if (node.kind === "k8s.deployment" && change.op === "update") {
        const revision = await rollBack(client, o).catch((e: unknown) => `failed: ${serverMessage(e)}`);
        reason += revision === undefined ? "; there is no previous revision to roll back to" : revision.startsWith("failed") ? `; rolling back ${revision}` : `; rolled back to revision ${revision}`;
      }
      run.emit({ id: node.id, kind: node.kind, name: node.name, op: change.op, status: "failed", detail: reason });
      run.fail(node, reason, notReady.detail);
      throw new Skipped();
    },
  });
  run.settle(await Promise.allSettled(graph.nodes.map((n) => realize(n.id))));
  await deleteOrphans(client, graph, plan, run);
  return run.result(plan.changes);
}

/** Why a request failed: the server's refusal (with its message), or no answer at all. */
function requestFailed(e: unknown): string {
  return statusOf(e) === undefined ? `the API server did not answer: ${serverMessage(e)}` : `the API server refused it: ${serverMessage(e)}`;
}

/** Deletes owned objects no node wants: workloads first (their pods go with them), then the rest. */
async function deleteOrphans(client: KubeClient, graph: KubernetesGraph, plan: KubernetesPlan, run: ApplyRun): Promise<void> {
  const deletes = plan.changes.filter((c) => c.op === "delete" && c.kind !== "k8s.namespace");
  const order = [...deletes].sort((a, b) => managedKind(b.kind as KubernetesNode["kind"]).phase - managedKind(a.kind as KubernetesNode["kind"]).phase);
  for (const c of order) {
    const k = managedKind(c.kind as KubernetesNode["kind"]);
    const header = { apiVersion: k.apiVersion, kind: k.kind, metadata: { name: c.name, namespace: graph.namespace } };
    const t0 = Date.now();
    run.emit({ id: c.id, kind: c.kind, name: c.name, op: "delete", status: "started" });
    try {
      await run.step(() => client.delete(header, "Background"));
    } catch (e) {
      run.fail({ id: c.id, name: c.name, path: graph.stack }, `deleting it failed: ${requestFailed(e)}`);
      continue;
    }
    run.done({ id: c.id, kind: c.kind, name: c.name, op: "delete", status: "done", elapsedMs: Date.now() - t0 });
  }
  run.throwIfFailed();
}
