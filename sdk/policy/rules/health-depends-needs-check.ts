import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { edgesFrom } from "../graph-index.ts";
import type { Rule, Violation } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/**
 * health.depends-needs-check: `dependsOn: healthy` targets a workload with a healthcheck, and
 * `dependsOn: completed` targets a Job (only a run-to-completion workload ever completes).
 */
export const healthDependsNeedsCheck: Rule = {
  id: "health.depends-needs-check",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: false,
  summary: "`dependsOn: healthy` names a workload with a healthcheck, `dependsOn: completed` a Job",
  why: "a workload without a healthcheck never becomes healthy and a service never completes, so the dependent waits forever (or the target silently treats it as started).",
  fix: 'give the dependency a healthcheck: { tcp: { port: 5432 } }, or depend on it with condition: "started"',
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    for (const e of edgesFrom(ctx.graph, w.id)) {
      if (e.kind !== "depends") continue;
      const target = asWorkload(ctx.nodes.get(e.to));
      if (!target) continue;
      if (e.condition === "healthy" && target.spec.healthcheck === undefined) {
        out.push({ field: "dependsOn", found: `${e.to} (healthy)`, message: `${describeNode(w)} waits for ${describeNode(target)} to be healthy, but it has no healthcheck.` });
      }
      if (e.condition === "completed" && target.spec.kind !== "job") {
        out.push({
          field: "dependsOn",
          found: `${e.to} (completed)`,
          message: `${describeNode(w)} waits for ${describeNode(target)} to complete, but only a Job completes.`,
          fix: 'make the dependency a Job, or depend on it with condition: "healthy"',
        });
      }
    }
    return out;
  },
};
