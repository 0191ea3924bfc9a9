import { describe, expect, it } from "vitest";
import { resCpuLimit } from "../../../../sdk/policy/rules/res-cpu-limit.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("res.cpu-limit", () => {
  it("passes a workload that sets resources.cpu", () => {
    expect(violations(resCpuLimit, graphWith([workload("Shop/web", { resources: { cpu: 0.5 } })]))).toEqual([]);
  });

  it("fails every kind of workload without resources.cpu", () => {
    const graph = graphWith([workload("Shop/web"), workload("Shop/migrate", { kind: "job" }), workload("Shop/tool", { kind: "container" })]);
    expect(violations(resCpuLimit, graph).map((v) => [v.field, v.found, v.message])).toEqual([
      ["resources.cpu", "none", "Job 'migrate' has no CPU limit."],
      ["resources.cpu", "none", "Container 'tool' has no CPU limit."],
      ["resources.cpu", "none", "Service 'web' has no CPU limit."],
    ]);
  });
});
