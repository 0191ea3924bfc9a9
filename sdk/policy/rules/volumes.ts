/** Volume facts shared by avail.min-replicas and avail.stateful-single-writer. */
import type { WorkloadGraphNode } from "../../graph/schema.ts";
import type { RuleContext } from "../types.ts";

/**
 * The volume mounts of a workload whose volume is single-writer (a volume node that is not
 * declared `shared`). Mounts whose id does not resolve are left to graph.refs-resolve.
 */
export function singleWriterMounts(w: WorkloadGraphNode, ctx: RuleContext): { index: number; volume: string }[] {
  const out: { index: number; volume: string }[] = [];
  w.spec.volumes.forEach((m, index) => {
    const v = ctx.nodes.get(m.volume);
    if (v?.spec.kind === "volume" && !v.spec.shared) out.push({ index, volume: m.volume });
  });
  return out;
}
