/**
 * What the Fargate Pulumi realizer creates only in part, reported through `onGap` rather than
 * dropped silently: a Job (its task definition only) and a wait for a Job to complete.
 */
import type { PulumiGap } from "../shared/provider.ts";
import type { FargateGraph } from "./target.ts";

/** The gaps: what Pulumi realizes only in part (Jobs, waiting for a Job to complete). */
export function fargatePulumiGaps(graph: FargateGraph): PulumiGap[] {
  const gaps: PulumiGap[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const n of graph.nodes) {
    if (n.kind !== "ecs.run-task") continue;
    gaps.push({ node: n.id, path: n.path, field: "RunTask", found: `job ${n.name}`, message: "Pulumi registers the job's task definition; running it (its deadline and retries) is Berth's engine's: `berth run` or `berth up`." });
  }
  for (const e of graph.edges) {
    const to = byId.get(e.to);
    if (to?.kind !== "ecs.run-task") continue;
    const from = byId.get(e.from);
    gaps.push({ node: e.from, path: from?.path ?? e.from, field: "dependsOn", found: `${e.to} ${e.condition}`, message: `Pulumi cannot wait for ${e.to} to run and complete: ${e.from} is created after its task definition is registered.` });
  }
  return gaps;
}

