import { describe, expect, it } from "vitest";
import type { Edge } from "../../../../sdk/graph/schema.ts";
import { graphNoCycles } from "../../../../sdk/policy/rules/graph-no-cycles.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

const dep = (from: string, to: string): Edge => ({ from, to, kind: "depends", condition: "started" });
const nodes = () => [workload("Shop/a"), workload("Shop/b"), workload("Shop/c")];

describe("graph.no-cycles", () => {
  it("passes a chain of dependencies", () => {
    expect(violations(graphNoCycles, graphWith(nodes(), { edges: [dep("Shop/a", "Shop/b"), dep("Shop/b", "Shop/c")] }))).toEqual([]);
  });

  it("fails a cycle and prints its path", () => {
    const g = graphWith(nodes(), { edges: [dep("Shop/a", "Shop/b"), dep("Shop/b", "Shop/c"), dep("Shop/c", "Shop/a")] });
    expect(violations(graphNoCycles, g).map(({ node, field, found, message }) => ({ node: node?.id, field, found, message }))).toEqual([
      { node: "Shop/a", field: "dependsOn", found: "Shop/a → Shop/b → Shop/c → Shop/a", message: "Dependencies form a cycle: Shop/a → Shop/b → Shop/c → Shop/a." },
    ]);
  });

  it("is an error in dev through the engine", () => {
    const g = graphWith(nodes(), { edges: [dep("Shop/a", "Shop/b"), dep("Shop/b", "Shop/a")] });
    expect(findings(g, "graph.no-cycles").map((f) => [f.severity, f.path, f.found])).toEqual([["error", "shop/Shop/a", "Shop/a → Shop/b → Shop/a"]]);
  });
});
