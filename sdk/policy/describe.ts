/**
 * Shared wording helpers for rules: how a node is named in a message, and how values are shown
 * (secrets never by value).
 */
import { sortNames } from "../core/sort.ts";
import { fargateServiceAsWorkload } from "./fargate-service-view.ts";
import { kubernetesDeploymentAsWorkload } from "./kubernetes-deployment-view.ts";
import { swarmServiceAsWorkload } from "./swarm-service-view.ts";
import { isFargateService, isKubernetesDeployment, isSwarmService, isWorkload, type EnvValue, type GraphNode, type ImageNode, type WorkloadGraphNode } from "../graph/schema.ts";

/** `Service 'web'`: the construct class and the last segment of the node id. */
export function describeNode(node: GraphNode): string {
  return `${node.construct} '${node.id.slice(node.id.lastIndexOf("/") + 1)}'`;
}

/**
 * The node as a workload, or undefined (rules registered on workload kinds use this to narrow).
 * A target-level construct reads as the workload its spec amounts to: a `SwarmService` through
 * ./swarm-service-view.ts, a `KubernetesDeployment` through ./kubernetes-deployment-view.ts, a
 * `FargateService` through ./fargate-service-view.ts.
 */
export function asWorkload(node: GraphNode | undefined): WorkloadGraphNode | undefined {
  if (!node) return undefined;
  if (isWorkload(node)) return node;
  if (isSwarmService(node)) return swarmServiceAsWorkload(node);
  if (isKubernetesDeployment(node)) return kubernetesDeploymentAsWorkload(node);
  return isFargateService(node) ? fargateServiceAsWorkload(node) : undefined;
}

/** An env value as shown in findings: literals quoted, config by key, refs by node. */
export function showEnvValue(v: EnvValue): string {
  if (v.kind === "literal") return JSON.stringify(v.value);
  if (v.kind === "config") return `Config.value(${JSON.stringify(v.key)})`;
  return `${v.node}.${v.attribute}`;
}

/** Workload kinds every workload rule registers on (a target-level construct is read through {@link asWorkload}). */
export const WORKLOAD_KINDS = ["service", "container", "job", "swarm-service", "kubernetes-deployment", "fargate-service"] as const;

/** The image node a workload runs, or undefined when the reference does not resolve (graph.refs-resolve reports that). */
export function imageOf(w: WorkloadGraphNode, nodes: ReadonlyMap<string, GraphNode>): ImageNode | undefined {
  const n = nodes.get(w.spec.image);
  return n && n.spec.kind === "image" ? n.spec : undefined;
}

/** The names of a workload's env vars in sorted order (as `Object.keys(env).sort()`; sdk/core/sort.ts). */
export function sortedEnvNames(w: WorkloadGraphNode): string[] {
  return sortNames(Object.keys(w.spec.env));
}
