/**
 * Exports the Kubernetes target graph as one multi-document YAML file that
 * `kubectl apply --server-side -f kubernetes.yaml` accepts as is: each node's manifest, one per
 * document, unchanged (the export translates nothing; lowering decided it all).
 *
 * - The Namespace is the first document (when the target's namespace is Berth's to own), so the
 *   file applies to an empty cluster.
 * - Documents follow the order an apply needs: the namespace, the ApplySet's parent (applyset.ts),
 *   accounts, Secrets, ConfigMaps,
 *   claims, policies, Services, then workloads with each dependency before its dependants.
 * - Secret values are never exported: a Secret Berth creates is a document without data, and a
 *   note gives the command that fills it from a file (server-side apply merges the two, whichever
 *   runs first); the file is listed in `secrets` for the user to provide.
 * - What plain `kubectl apply` cannot honour is in the notes and the file's header: it does not
 *   wait for a dependency (`dependsOn`) to be ready or complete, and it does not build images.
 */
import { stringify } from "yaml";
import { APPLYSET_NODE_ID } from "./applyset.ts";
import type { KubernetesEdge, KubernetesGraph, KubernetesNode, KubernetesNodeKind } from "./target.ts";
import { dependenciesFirst } from "../shared/engine/dependency-order.ts";

/** The exported file, the secret files it needs and what it cannot express. */
export interface KubernetesExport {
  readonly text: string;
  /** Secret files to provide, by path relative to the file → secret node id. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

/** The default name of the exported file. */
export const KUBERNETES_EXPORT_FILE = "kubernetes.yaml";

const KIND_ORDER: readonly KubernetesNodeKind[] = [
  "k8s.namespace",
  "k8s.service-account",
  "k8s.secret",
  "k8s.config-map",
  "k8s.persistent-volume-claim",
  "k8s.network-policy",
  "k8s.service",
  "k8s.pod-disruption-budget",
  "k8s.ingress",
];

/** Workload node ids with every dependency before its dependants (ties by id). */
function workloadOrder(nodes: readonly KubernetesNode[], edges: readonly KubernetesEdge[]): string[] {
  return dependenciesFirst(nodes.filter((n) => n.kind === "k8s.deployment" || n.kind === "k8s.job").map((n) => n.id), edges);
}

/** The nodes in apply order. */
export function applyOrder(graph: KubernetesGraph): KubernetesNode[] {
  const parent = graph.nodes.filter((n) => n.id === APPLYSET_NODE_ID);
  const byKind = KIND_ORDER.flatMap((k) => graph.nodes.filter((n) => n.kind === k && n.id !== APPLYSET_NODE_ID));
  byKind.splice(byKind[0]?.kind === "k8s.namespace" ? 1 : 0, 0, ...parent);
  const workloads = workloadOrder(graph.nodes, graph.edges).map((id) => graph.nodes.find((n) => n.id === id)!);
  return [...byKind, ...workloads];
}

const WAIT: Readonly<Record<KubernetesEdge["condition"], string>> = { started: "is created", healthy: "is ready", completed: "has completed" };

/** The Secret keys workloads mount, by workload node id (sorted, unique). */
function referencedSecrets(graph: KubernetesGraph): { user: string; name: string; key: string }[] {
  const out = new Map<string, { user: string; name: string; key: string }>();
  for (const n of graph.nodes) {
    if (n.kind !== "k8s.deployment" && n.kind !== "k8s.job") continue;
    // A KubernetesDeployment's template is the API's, where these fields are optional.
    for (const v of n.object.spec.template.spec.volumes ?? []) {
      const refs = [...(v.secret ? [{ name: v.secret.secretName, items: v.secret.items }] : []), ...(v.projected?.sources ?? []).map((s) => s.secret)];
      for (const r of refs) for (const i of r?.items ?? []) if (r?.name) out.set(`${n.id}\u0000${r.name}\u0000${i.key}`, { user: n.id, name: r.name, key: i.key });
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
}

/** Exports a Kubernetes graph. */
export function exportKubernetes(graph: KubernetesGraph): KubernetesExport {
  const ns = graph.namespace;
  const notes: string[] = [];
  const secrets: Record<string, string> = {};
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const n of graph.nodes) {
    if (n.kind !== "k8s.secret") continue;
    const file = `secrets/${n.name}`;
    secrets[file] = n.source;
    notes.push(
      `Secret ${n.name} (${n.source}) is exported without its value; fill it from ${file}: kubectl -n ${ns} create secret generic ${n.name} --from-file=${n.key}=${file} --dry-run=client -o yaml | kubectl apply --server-side --field-manager=berth-secrets -f -`,
    );
  }
  const own = new Set(graph.nodes.flatMap((n) => (n.kind === "k8s.secret" ? [n.name] : [])));
  for (const ref of referencedSecrets(graph)) {
    if (!own.has(ref.name)) notes.push(`${ref.user} mounts key ${ref.key} of the Secret ${ref.name}, which Berth does not create: it must exist in namespace ${ns}.`);
  }
  for (const e of graph.edges) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    if (!from || !to) continue;
    const wait = to.kind === "k8s.job" ? `kubectl -n ${ns} wait --for=condition=complete job/${to.name}` : `kubectl -n ${ns} rollout status deployment/${to.name}`;
    notes.push(`${e.from} depends on ${e.to} (waits until it ${WAIT[e.condition]}); kubectl apply cannot wait: apply ${to.name} first and run \`${wait}\` before ${from.name}.`);
  }
  for (const img of graph.images) {
    if (img.action.kind === "build") notes.push(`${img.id} is built by Berth: build and push ${img.ref} (docker build -t ${img.ref} ${img.action.context} && docker push ${img.ref}) before applying.`);
  }
  const header = [
    `Stack ${graph.stack} (${graph.environment}) for Kubernetes, namespace ${ns}; written by \`berth export --format kubernetes\`.`,
    "Apply with: kubectl apply --server-side -f <this file>",
    ...notes,
  ]
    .map((l) => `# ${l}`)
    .join("\n");
  const docs = applyOrder(graph).map((n) => stringify(n.object, { lineWidth: 0 }));
  return { text: `${header}\n${docs.join("---\n")}`, secrets, notes };
}
