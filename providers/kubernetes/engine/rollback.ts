/**
 * `kubectl rollout undo`, as Berth does it after an update that did not become ready: the
 * Deployment goes back to the pod template of its previous ReplicaSet. The spec-hash annotation
 * goes back to the one that ReplicaSet recorded (the controller copies a Deployment's
 * annotations to its ReplicaSets), so the next plan still shows the failed change as pending.
 */
import { SPEC_HASH_ANNOTATION } from "../lower.ts";
import type { KubeClient, KubeObject } from "./client.ts";
import { podSelectorOf } from "./wait.ts";

const REVISION = "deployment.kubernetes.io/revision";

/** Rolls a Deployment back to its previous revision; resolves to that revision's number, or undefined when there is none. */
export async function rollBack(client: KubeClient, desired: KubeObject): Promise<string | undefined> {
  const ns = desired.metadata.namespace!;
  const live = await client.read<KubeObject>("apps/v1", "Deployment", desired.metadata.name, ns);
  if (!live) return undefined;
  const sets = (await client.list<KubeObject>("apps/v1", "ReplicaSet", ns, podSelectorOf(live)))
    .filter((r) => r.metadata.ownerReferences?.some((o) => o.kind === "Deployment" && o.uid === live.metadata.uid))
    .sort((a, b) => Number(b.metadata.annotations?.[REVISION] ?? 0) - Number(a.metadata.annotations?.[REVISION] ?? 0));
  const previous = sets[1];
  if (!previous) return undefined;
  const template = structuredClone((previous.spec as { template: { metadata: { labels?: Record<string, string> } } }).template);
  // The controller adds this label to a ReplicaSet's template; a Deployment's template must not carry it.
  delete template.metadata.labels?.["pod-template-hash"];
  const hash = previous.metadata.annotations?.[SPEC_HASH_ANNOTATION] ?? "rolled-back";
  const spec = desired.spec as Record<string, unknown>;
  await client.apply({ ...desired, metadata: { ...desired.metadata, annotations: { ...desired.metadata.annotations, [SPEC_HASH_ANNOTATION]: hash } }, spec: { ...spec, template } });
  return previous.metadata.annotations?.[REVISION];
}
