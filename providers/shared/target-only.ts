/**
 * Target-level constructs (`SwarmService`, `KubernetesDeployment`, `FargateService`) name the one
 * target that can realize them (`spec.target`). Every other target's lowering refuses them with
 * one error per construct, naming it: the portability check reports the same before anything
 * runs (`portability.target.<kind>`), so this is the fail-closed backstop for a caller that
 * lowers without checking.
 */
import { BerthError } from "../../sdk/core/errors.ts";
import type { Graph } from "../../sdk/graph/schema.ts";

const TARGET_NAME: Readonly<Record<string, string>> = { swarm: "Swarm", kubernetes: "Kubernetes", fargate: "Fargate", "docker-host": "a Docker host" };
const KINDS = new Set(["kubernetes-deployment", "fargate-service"]);

/** Throws naming every KubernetesDeployment or FargateService of the graph that `target` cannot realize. */
export function refuseForeignConstructs(graph: Graph, target: string): void {
  const foreign = graph.nodes.flatMap((n) => {
    const spec = n.spec as { kind: string; target?: string };
    return KINDS.has(spec.kind) && spec.target !== undefined && spec.target !== target ? [{ n, only: spec.target }] : [];
  });
  if (foreign.length === 0) return;
  throw new BerthError(
    foreign.map(({ n, only }) => ({
      code: `portability.target.${n.spec.kind}`,
      path: n.path,
      field: "kind",
      found: `"${n.spec.kind}"`,
      message: `${n.construct} '${n.id.slice(n.id.lastIndexOf("/") + 1)}' is a ${TARGET_NAME[only]}-only construct; ${TARGET_NAME[target] ?? target} cannot run it.`,
      fix: `Use a portable Service for it, or deploy this stack with the ${TARGET_NAME[only]} target (berth check reports this before anything runs).`,
    })),
  );
}
