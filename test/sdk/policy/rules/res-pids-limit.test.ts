import { describe, expect, it } from "vitest";
import { resPidsLimit } from "../../../../sdk/policy/rules/res-pids-limit.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("res.pids-limit", () => {
  it("passes a workload that sets resources.pids", () => {
    expect(violations(resPidsLimit, graphWith([workload("Shop/web", { resources: { pids: 256 } })]))).toEqual([]);
  });

  it("fails every kind of workload without resources.pids", () => {
    const graph = graphWith([workload("Shop/web"), workload("Shop/migrate", { kind: "job" }), workload("Shop/tool", { kind: "container" })]);
    expect(violations(resPidsLimit, graph).map((v) => [v.field, v.found, v.message])).toEqual([
      ["resources.pids", "none", "Job 'migrate' has no process limit."],
      ["resources.pids", "none", "Container 'tool' has no process limit."],
      ["resources.pids", "none", "Service 'web' has no process limit."],
    ]);
  });
});
