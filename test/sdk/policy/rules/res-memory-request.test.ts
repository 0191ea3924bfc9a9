import { describe, expect, it } from "vitest";
import { resMemoryRequest } from "../../../../sdk/policy/rules/res-memory-request.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("res.memory-request", () => {
  it("passes a workload that sets resources.memoryReservationBytes", () => {
    expect(violations(resMemoryRequest, graphWith([workload("Shop/web", { resources: { memoryReservationBytes: 268435456 } })]))).toEqual([]);
  });

  it("fails every kind of workload without resources.memoryReservationBytes", () => {
    const graph = graphWith([workload("Shop/web"), workload("Shop/migrate", { kind: "job" }), workload("Shop/tool", { kind: "container" })]);
    expect(violations(resMemoryRequest, graph).map((v) => [v.field, v.found, v.message])).toEqual([
      ["resources.memoryReservationBytes", "none", "Job 'migrate' has no memory reservation."],
      ["resources.memoryReservationBytes", "none", "Container 'tool' has no memory reservation."],
      ["resources.memoryReservationBytes", "none", "Service 'web' has no memory reservation."],
    ]);
  });
});
