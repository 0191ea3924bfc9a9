import { describe, expect, it } from "vitest";
import { resMemoryLimit } from "../../../../sdk/policy/rules/res-memory-limit.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("res.memory-limit", () => {
  it("passes a workload that sets resources.memoryBytes", () => {
    expect(violations(resMemoryLimit, graphWith([workload("Shop/web", { resources: { memoryBytes: 536870912 } })]))).toEqual([]);
  });

  it("fails every kind of workload without resources.memoryBytes", () => {
    const graph = graphWith([workload("Shop/web"), workload("Shop/migrate", { kind: "job" }), workload("Shop/tool", { kind: "container" })]);
    expect(violations(resMemoryLimit, graph).map((v) => [v.field, v.found, v.message])).toEqual([
      ["resources.memoryBytes", "none", "Job 'migrate' has no memory limit."],
      ["resources.memoryBytes", "none", "Container 'tool' has no memory limit."],
      ["resources.memoryBytes", "none", "Service 'web' has no memory limit."],
    ]);
  });
});
