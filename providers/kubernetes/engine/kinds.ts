/**
 * The object kinds Berth's Kubernetes engine writes, with what the API needs to list them and
 * the order an apply takes: the namespace, then accounts, then what pods mount and what routes
 * to them, then workloads (ordered by the graph's edges).
 */
import type { KubernetesNode, KubernetesNodeKind } from "../target.ts";

/** One kind the engine manages. */
export interface ManagedKind {
  readonly node: KubernetesNodeKind;
  readonly apiVersion: string;
  readonly kind: string;
  /** Plural, as `down` reports what it removed (the CLI drops a final "s": kubectl short names read best). */
  readonly plural: string;
  /** Apply phase: 0 namespace, 1 accounts, 2 data, routing and policy, 3 workloads. */
  readonly phase: 0 | 1 | 2 | 3;
}

/** Every managed kind, in apply order. */
export const MANAGED_KINDS: readonly ManagedKind[] = [
  { node: "k8s.namespace", apiVersion: "v1", kind: "Namespace", plural: "namespaces", phase: 0 },
  { node: "k8s.service-account", apiVersion: "v1", kind: "ServiceAccount", plural: "serviceaccounts", phase: 1 },
  { node: "k8s.secret", apiVersion: "v1", kind: "Secret", plural: "secrets", phase: 2 },
  { node: "k8s.config-map", apiVersion: "v1", kind: "ConfigMap", plural: "configmaps", phase: 2 },
  { node: "k8s.persistent-volume-claim", apiVersion: "v1", kind: "PersistentVolumeClaim", plural: "pvcs", phase: 2 },
  { node: "k8s.network-policy", apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", plural: "netpols", phase: 2 },
  { node: "k8s.service", apiVersion: "v1", kind: "Service", plural: "services", phase: 2 },
  { node: "k8s.pod-disruption-budget", apiVersion: "policy/v1", kind: "PodDisruptionBudget", plural: "pdbs", phase: 2 },
  { node: "k8s.ingress", apiVersion: "networking.k8s.io/v1", kind: "Ingress", plural: "ingress-rules", phase: 2 },
  { node: "k8s.deployment", apiVersion: "apps/v1", kind: "Deployment", plural: "deployments", phase: 3 },
  { node: "k8s.job", apiVersion: "batch/v1", kind: "Job", plural: "jobs", phase: 3 },
];

/** The managed kind of a node kind. */
export function managedKind(node: KubernetesNodeKind): ManagedKind {
  return MANAGED_KINDS.find((k) => k.node === node)!;
}

/** The managed kind of a live object's `kind`, if Berth manages that kind. */
export function kindOfObject(kind: string): ManagedKind | undefined {
  return MANAGED_KINDS.find((k) => k.kind === kind);
}

/** True for the nodes `up` waits on and orders by the graph's edges. */
export function isWorkloadNode(n: KubernetesNode): n is Extract<KubernetesNode, { kind: "k8s.deployment" | "k8s.job" }> {
  return n.kind === "k8s.deployment" || n.kind === "k8s.job";
}
