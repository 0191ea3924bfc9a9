import { describe, expect, it } from "vitest";
import { Graph } from "../../../../sdk/graph/schema.ts";
import { graphRefsResolve } from "../../../../sdk/policy/rules/graph-refs-resolve.ts";
import { findings, graphWith, node, violations, workload } from "../fixtures.ts";

const backend = node("Shop/backend", { kind: "network", internal: false, labels: {} });
const brief = (g: Graph) => violations(graphRefsResolve, g).map(({ node: n, field, found, message }) => ({ node: n?.id, field, found, message }));

describe("graph.refs-resolve", () => {
  it("passes a graph whose references all resolve", () => {
    const g = graphWith([
      backend,
      workload("Shop/db", { networks: ["Shop/backend"] }),
      workload("Shop/web", { networks: ["Shop/backend"], env: { DB_HOST: { kind: "ref", node: "Shop/db", attribute: "hostname" } } }),
    ]);
    expect(brief(g)).toEqual([]);
  });

  it("fails a missing network, a missing env reference and a volume that is a network, each once", () => {
    const g = graphWith([
      backend,
      workload("Shop/web", {
        networks: ["Shop/frontend"],
        volumes: [{ volume: "Shop/backend", path: "/data", readOnly: false }],
        env: { DB_HOST: { kind: "ref", node: "Shop/db", attribute: "hostname" } },
      }),
    ]);
    expect(brief(g)).toEqual([
      { node: "Shop/web", field: "networks[0]", found: "Shop/frontend", message: "Service 'web' refers to 'Shop/frontend', which is not in the graph." },
      { node: "Shop/web", field: "volumes[0].volume", found: "Shop/backend", message: "Service 'web' uses 'Shop/backend' as a volume, but it is a network." },
      { node: "Shop/web", field: "env.DB_HOST.node", found: "Shop/db", message: "Service 'web' refers to 'Shop/db', which is not in the graph." },
    ]);
  });

  it("fails an edge whose ends are missing", () => {
    const g = graphWith([workload("Shop/web")], { edges: [{ from: "Shop/ghost", to: "Shop/web", kind: "depends", condition: "started" }, { from: "Shop/web", to: "Shop/gone", kind: "depends", condition: "healthy" }] });
    expect(brief(g)).toEqual([
      { node: undefined, field: "edges[1].from", found: "Shop/ghost", message: "A depends edge starts at 'Shop/ghost', which is not in the graph." },
      { node: "Shop/web", field: "edges[2].to", found: "Shop/gone", message: "Service 'web' depends on 'Shop/gone', which is not in the graph." },
    ]);
  });

  it("is a mandatory error in prod", () => {
    const g = graphWith([workload("Shop/web", { networks: ["Shop/frontend"] })], {
      profile: "prod",
      suppressions: [{ rule: "graph.refs-resolve", node: "Shop/web", reason: "the network is created elsewhere" }],
    });
    const result = findings(g, "graph.refs-resolve");
    expect(result.map((f) => [f.severity, f.field, f.suppressed])).toEqual([["error", "networks[0]", undefined]]);
  });
});
