import { findCycles } from "../../graph/cycles.ts";
import type { Rule, Violation } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** graph.no-cycles (stack-wide): `dependsOn` has no cycle; each cycle is reported with its path. */
export const graphNoCycles: Rule = {
  id: "graph.no-cycles",
  on: ["stack"],
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "`dependsOn` has no cycle",
  why: "workloads that wait on each other never start.",
  fix: "remove one dependsOn from the cycle; if both need each other at runtime, let them retry instead of ordering them",
  check(_node, ctx) {
    const out: Violation[] = [];
    for (const cycle of findCycles(ctx.graph.edges)) {
      const path = cycle.join(" → ");
      const first = ctx.nodes.get(cycle[0]!);
      out.push({ ...(first ? { node: first } : {}), field: "dependsOn", found: path, message: `Dependencies form a cycle: ${path}.` });
    }
    return out;
  },
};
