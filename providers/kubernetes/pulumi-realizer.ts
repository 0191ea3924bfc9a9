/**
 * The Kubernetes Pulumi realizer as the provider seam calls it: the graph lowered as Berth's
 * engine lowers it (lowerKubernetesStack, the session's own lowering) and realized with
 * @pulumi/kubernetes, so `pulumi up` and `berth up` apply the same objects.
 */
import type { PulumiOutputs, PulumiRealizeOptions, StackInput } from "../shared/provider.ts";
import { managedKind } from "./engine/kinds.ts";
import { kubernetesEndpoints } from "./engine/session.ts";
import { lowerKubernetesStack } from "./provider.ts";
import { realizeKubernetesWithPulumi } from "./pulumi.ts";

/** Realizes a Kubernetes stack; outputs its endpoints and its objects' names by plural kind (`deployments`, `services`...). */
export function realizeKubernetes(stack: StackInput, options: PulumiRealizeOptions): PulumiOutputs {
  const graph = lowerKubernetesStack(stack);
  realizeKubernetesWithPulumi(graph, { stackDir: stack.dir, ...(options.env ? { env: options.env } : {}) });
  const names: Record<string, string[]> = {};
  for (const n of graph.nodes) (names[managedKind(n.kind).plural] ??= []).push(n.name);
  return { endpoints: kubernetesEndpoints(graph), ...Object.fromEntries(Object.entries(names).map(([k, v]) => [k, [...new Set(v)].sort()])) };
}
