/**
 * The Kubernetes target graph: plain data, one node per Kubernetes object, each node's `object`
 * the exact manifest (providers/kubernetes/objects.ts) that lowering decided. The export, and
 * later the engine and the Pulumi realizer, translate nodes one to one and never re-decide.
 *
 * Secret values never appear here: a Secret node's object has no `data`, and the node carries
 * where the value comes from (`from`) and the key it is stored under; the value is written at
 * apply time. Images are not Kubernetes objects: they are listed apart (`images`), as the
 * Docker targets lower them, because someone still has to build and push them.
 */
import { z } from "zod";
import { SecretSource } from "../../sdk/graph/schema.ts";
import { DockerImageNode } from "../shared/docker-api/image-node.ts";
import { TargetNodeBase, orderingEdge } from "../shared/target.ts";
import * as K from "./objects.ts";

/** Bumped on any incompatible change to the Kubernetes node shapes. */
export const KUBERNETES_SCHEMA_VERSION = 1 as const;

function node<const Kind extends string, O extends z.ZodType>(kind: Kind, object: O) {
  return z.object({ kind: z.literal(kind), ...TargetNodeBase, object });
}

/** The stack's namespace (absent when the target names `default` or a `kube-*` namespace Berth does not own). */
export const NamespaceNode = node("k8s.namespace", K.Namespace);
/** One per workload: pods run under their own account, with no API token mounted. */
export const ServiceAccountNode = node("k8s.service-account", K.ServiceAccount);
/** A Secret Berth creates: no data in the graph; `from` says where the value comes from at apply time. */
export const SecretObjectNode = node("k8s.secret", K.Secret).extend({ from: SecretSource, key: z.string() });
/** A Config's content. */
export const ConfigMapNode = node("k8s.config-map", K.ConfigMap);
/** A Volume's claim. */
export const PersistentVolumeClaimNode = node("k8s.persistent-volume-claim", K.PersistentVolumeClaim);
/** A network's, the stack's default-deny or a workload's published-port policy. */
export const NetworkPolicyNode = node("k8s.network-policy", K.NetworkPolicy);
/** The Service of a workload with ports. */
export const ServiceNode = node("k8s.service", K.Service);
/** The Ingress of a workload with `kubernetes.ingressHost`. */
export const IngressNode = node("k8s.ingress", K.Ingress);
/**
 * A Service or a Container (role `container`: one replica), or a `KubernetesDeployment` (role
 * `kubernetes-deployment`: the user's spec as the API takes it, `image` its first container's).
 */
export const DeploymentNode = node("k8s.deployment", z.union([K.Deployment, K.ApiDeployment])).extend({ role: z.enum(["service", "container", "kubernetes-deployment"]), image: z.string() });
/** A Job. */
export const JobNode = node("k8s.job", K.Job).extend({ image: z.string() });
/** The disruption budget of a service with two or more replicas. */
export const PodDisruptionBudgetNode = node("k8s.pod-disruption-budget", K.PodDisruptionBudget);

export type NamespaceNode = z.infer<typeof NamespaceNode>;
export type ServiceAccountNode = z.infer<typeof ServiceAccountNode>;
export type SecretObjectNode = z.infer<typeof SecretObjectNode>;
export type ConfigMapNode = z.infer<typeof ConfigMapNode>;
export type PersistentVolumeClaimNode = z.infer<typeof PersistentVolumeClaimNode>;
export type NetworkPolicyNode = z.infer<typeof NetworkPolicyNode>;
export type ServiceNode = z.infer<typeof ServiceNode>;
export type IngressNode = z.infer<typeof IngressNode>;
export type DeploymentNode = z.infer<typeof DeploymentNode>;
export type JobNode = z.infer<typeof JobNode>;
export type PodDisruptionBudgetNode = z.infer<typeof PodDisruptionBudgetNode>;

/** Any Kubernetes target node. */
export const KubernetesNode = z.discriminatedUnion("kind", [
  NamespaceNode,
  ServiceAccountNode,
  SecretObjectNode,
  ConfigMapNode,
  PersistentVolumeClaimNode,
  NetworkPolicyNode,
  ServiceNode,
  IngressNode,
  DeploymentNode,
  JobNode,
  PodDisruptionBudgetNode,
]);
export type KubernetesNode = z.infer<typeof KubernetesNode>;
export type KubernetesNodeKind = KubernetesNode["kind"];

/** An ordering edge between workloads (`dependsOn`): `from` is applied after `to` reached `condition`. */
export const KubernetesEdge = orderingEdge(["started", "healthy", "completed"]);
export type KubernetesEdge = z.infer<typeof KubernetesEdge>;

/** The lowered graph for one namespace of one cluster. */
export const KubernetesGraph = z.object({
  schemaVersion: z.literal(KUBERNETES_SCHEMA_VERSION),
  stack: z.string(),
  app: z.string(),
  environment: z.string(),
  /** kubeconfig context; absent means the current one. */
  context: z.string().optional(),
  namespace: K.DnsLabel,
  /** Images the workloads run (built and pushed, or pulled by the kubelet). */
  images: z.array(DockerImageNode),
  nodes: z.array(KubernetesNode),
  edges: z.array(KubernetesEdge),
});
export type KubernetesGraph = z.infer<typeof KubernetesGraph>;
