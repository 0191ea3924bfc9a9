import { describe, expect, it } from "vitest";
import { resCpuRequest } from "../../../../sdk/policy/rules/res-cpu-request.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("res.cpu-request", () => {
  it("passes a workload that sets resources.cpuReservation", () => {
    expect(violations(resCpuRequest, graphWith([workload("Shop/web", { resources: { cpuReservation: 0.25 } })]))).toEqual([]);
  });

  it("fails every kind of workload without resources.cpuReservation", () => {
    const graph = graphWith([workload("Shop/web"), workload("Shop/migrate", { kind: "job" }), workload("Shop/tool", { kind: "container" })]);
    expect(violations(resCpuRequest, graph).map((v) => [v.field, v.found, v.message])).toEqual([
      ["resources.cpuReservation", "none", "Job 'migrate' has no CPU reservation."],
      ["resources.cpuReservation", "none", "Container 'tool' has no CPU reservation."],
      ["resources.cpuReservation", "none", "Service 'web' has no CPU reservation."],
    ]);
  });
});
