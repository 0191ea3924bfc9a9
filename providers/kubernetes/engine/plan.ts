/**
 * `berth plan` on Kubernetes: each node of the lowered graph against the live object of the same
 * kind and name, by the spec hash lowering wrote into the `berth.spec-hash` annotation.
 *
 * - no live object: create (or a name clash, when an object Berth does not own holds the name);
 * - same hash: noop (a Secret also compares its stored value, read back, with the one resolved now);
 * - another hash: update (server-side apply), or replace for a Job, whose template is immutable;
 * - an owned object that no node wants: delete.
 *
 * A Namespace that exists without Berth's labels is kept as it is: it is the user's scope, not a
 * clash.
 *
 * {@link refineKubernetesPlan} then asks the API server for field-level reasons and drift, with
 * read-only requests (server-side apply with `dryRun=All`):
 *
 * - an update names the field paths the server's dry-run result changes on the live object
 *   (`spec.template.spec.containers[web].env[GREETING].value`);
 * - a noop whose live object carries fields another field manager set (`managedFields`: `kubectl
 *   scale`, `kubectl edit`, another tool) is dry-run too: when applying would change those fields
 *   back, it becomes an update marked drift, naming the paths and the managers (`spec.replicas
 *   (kubectl)`); fields Berth does not declare are the other manager's and stay as they are.
 *
 * An up-to-date stack nobody touched costs no dry-run at all.
 */
import { assertNoNameClashes, nodeChange, type EngineChange, type EnginePlan, type NameClash } from "../../shared/engine/plan.ts";
import { LABELS } from "../../shared/labels.ts";
import type { KubernetesGraph, KubernetesNode } from "../target.ts";
import type { KubeClient, KubeObject } from "./client.ts";
import { changedFields, declaredFields, foreignManagers, managersOf } from "./field-diff.ts";
import { kindOfObject, managedKind } from "./kinds.ts";
import { liveKey, type LiveStack } from "./observe.ts";

/** One change of a Kubernetes plan. */
export type KubernetesChange = EngineChange<"create" | "update" | "replace" | "delete" | "keep" | "noop", string>;
/** A Kubernetes plan. */
export type KubernetesPlan = EnginePlan<KubernetesChange>;

/** Secret values resolved for this run, by secret node id (never printed). */
export type SecretValues = ReadonlyMap<string, Buffer>;

/** The desired `data` of a Secret node: its value under its key, base64 as the API stores it. */
export function secretData(node: Extract<KubernetesNode, { kind: "k8s.secret" }>, values: SecretValues): Record<string, string> | undefined {
  const v = values.get(node.id);
  return v ? { [node.key]: v.toString("base64") } : undefined;
}

/** True when a live Secret holds exactly the desired data (compared here, never shown). */
function sameSecretData(live: KubeObject, desired: Record<string, string> | undefined): boolean {
  if (!desired) return true;
  const data = (live.data ?? {}) as Record<string, string>;
  return Object.entries(desired).every(([k, v]) => data[k] === v);
}

/** Diffs the graph against the live stack; throws when a desired name is held by an object Berth does not own. */
export function planKubernetes(graph: KubernetesGraph, live: LiveStack, values: SecretValues): KubernetesPlan {
  const changes: KubernetesChange[] = [];
  const clashes: NameClash[] = [];
  const wanted = new Set<string>();
  for (const n of graph.nodes) {
    const k = managedKind(n.kind);
    const key = liveKey(k.kind, n.name);
    wanted.add(key);
    const o = live.owned.get(key);
    if (!o) {
      const other = live.foreign.get(key);
      if (other && n.kind === "k8s.namespace") changes.push(nodeChange("keep", n, ["exists without Berth's labels: left as it is"]));
      else if (other) clashes.push({ kind: k.kind, name: n.name });
      else changes.push(nodeChange("create", n));
      continue;
    }
    const liveHash = o.metadata.annotations?.[LABELS.specHash];
    if (liveHash === n.hash) {
      const stale = n.kind === "k8s.secret" && !sameSecretData(o, secretData(n, values));
      const rollout = n.kind === "k8s.deployment" ? unfinishedRollout(o) : undefined;
      if (stale) changes.push(nodeChange("update", n, ["data"], o.metadata.uid));
      else if (rollout) changes.push(nodeChange("update", n, [`rollout not finished: ${rollout} (a run stopped before it ended); up waits for it and rolls it back if it does not become ready`], o.metadata.uid));
      else changes.push(nodeChange("noop", n, [], o.metadata.uid));
    } else {
      const fields = [`spec (hash ${liveHash ? liveHash.slice(0, 8) : "none"} → ${n.hash.slice(0, 8)})`];
      changes.push(nodeChange(n.kind === "k8s.job" ? "replace" : "update", n, fields, o.metadata.uid));
    }
  }
  assertNoNameClashes(graph.stack, clashes, {
    lacks: `in namespace '${graph.namespace}' without the label ${LABELS.stack}=${graph.stack}`,
    found: (c) => `${graph.namespace}/${c.name}`,
    fix: (c) => `remove or rename it (kubectl -n ${graph.namespace} delete ${c.kind.toLowerCase()} ${c.name}), or deploy the stack to another namespace`,
  });
  for (const [key, o] of live.owned) {
    if (wanted.has(key)) continue;
    const k = kindOfObject(o.kind);
    if (!k) continue;
    const id = o.metadata.annotations?.[LABELS.node] ?? o.metadata.name;
    changes.push({ op: "delete", kind: k.node, id, name: o.metadata.name, fields: ["not in the program any more"], drift: false, ...(o.metadata.uid ? { liveId: o.metadata.uid } : {}) });
  }
  return { stack: graph.stack, changes };
}

/**
 * Why a Deployment whose spec is the desired one has not finished rolling it out, as `kubectl
 * rollout status` judges it (a new generation not yet observed, fewer updated replicas than
 * wanted, old replicas still running); undefined when it has. Pods that fail after a finished
 * rollout are the workload's health, not a pending change.
 */
export function unfinishedRollout(o: KubeObject): string | undefined {
  const spec = (o.spec ?? {}) as { replicas?: number };
  const status = (o.status ?? {}) as { observedGeneration?: number; replicas?: number; updatedReplicas?: number };
  const wanted = spec.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  if ((status.observedGeneration ?? 0) < (o.metadata.generation ?? 0)) return "the controller has not seen the latest spec yet";
  if (updated < wanted) return `${updated} of ${wanted} ${wanted === 1 ? "replica" : "replicas"} updated`;
  const old = (status.replicas ?? 0) - updated;
  if (old > 0) return `${old} old ${old === 1 ? "replica" : "replicas"} still running`;
  return undefined;
}

/** The object `up` applies for a node: its manifest, plus a Secret's data. */
function desiredOf(node: KubernetesNode, values: SecretValues): KubeObject {
  const o = node.object as unknown as KubeObject;
  const data = node.kind === "k8s.secret" ? secretData(node, values) : undefined;
  return data ? { ...o, data } : o;
}

/** The fields applying `desired` changes on `live`, by the server's dry-run (by the declared fields when the server refuses it, e.g. a Job's immutable template). */
async function fieldsToChange(client: KubeClient, live: KubeObject, desired: KubeObject): Promise<string[]> {
  try {
    return changedFields(live, await client.dryRunApply(desired));
  } catch {
    return declaredFields(live, desired);
  }
}

/** Adds field-level reasons and drift to a hash plan (see the module comment). */
export async function refineKubernetesPlan(client: KubeClient, graph: KubernetesGraph, live: LiveStack, plan: KubernetesPlan, values: SecretValues): Promise<KubernetesPlan> {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const changes = await Promise.all(
    plan.changes.map(async (c): Promise<KubernetesChange> => {
      const node = nodes.get(c.id);
      if (!node || (c.op !== "update" && c.op !== "replace" && c.op !== "noop")) return c;
      const o = live.owned.get(liveKey(managedKind(node.kind).kind, node.name));
      if (!o) return c;
      const others = foreignManagers(o);
      if (c.op === "noop" && others.length === 0) return c;
      const desired = desiredOf(node, values);
      const fields = c.op === "replace" ? declaredFields(o, desired) : await fieldsToChange(client, o, desired);
      const drifted = fields.filter((f) => managersOf(f, others).length > 0);
      const named = fields.map((f) => {
        const by = managersOf(f, others);
        return by.length ? `${f} (${by.join(", ")})` : f;
      });
      if (c.op === "noop") return drifted.length ? { ...c, op: "update", fields: named, drift: true } : c;
      // A Secret's value changed: its data path is the reason.
      return { ...c, fields: named.length ? named : c.fields, drift: drifted.length > 0 };
    }),
  );
  return { ...plan, changes };
}

