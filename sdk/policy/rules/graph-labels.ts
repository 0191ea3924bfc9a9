import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";

/**
 * graph.labels: every label the stack requires (`requiredLabels`) is on each workload, either
 * its own or inherited from the stack's labels.
 */
export const graphLabels: Rule = {
  id: "graph.labels",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "-",
  prod: "W",
  mandatory: false,
  summary: "Every label the stack requires (`requiredLabels`) is on each workload",
  why: "without owner/team labels nobody knows whom to call when the workload misbehaves.",
  fix: 'labels: { team: "payments" }, or once for every workload: new Stack(app, "shop", { labels: { team: "payments" } })',
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w) return [];
    const stack = ctx.graph.stack;
    const out: Violation[] = [];
    for (const key of stack.requiredLabels) {
      if (w.spec.labels[key] === undefined && stack.labels[key] === undefined) {
        out.push({ node: w, field: `labels.${key}`, found: "unset", message: `${describeNode(w)} has no '${key}' label.` });
      }
    }
    return out;
  },
};
