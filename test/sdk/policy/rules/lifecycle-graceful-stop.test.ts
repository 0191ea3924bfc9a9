import { describe, expect, it } from "vitest";
import { lifecycleGracefulStop } from "../../../../sdk/policy/rules/lifecycle-graceful-stop.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

describe("lifecycle.graceful-stop", () => {
  it("passes a workload with an explicit stop grace period", () => {
    expect(violations(lifecycleGracefulStop, graphWith([workload("Shop/web", { stopGracePeriodMs: 30000 })]))).toEqual([]);
  });

  it("fails a workload without one, as a warning in prod and not at all in dev", () => {
    const graph = (profile: "dev" | "prod") => graphWith([workload("Shop/web")], { profile });
    expect(violations(lifecycleGracefulStop, graph("prod")).map((v) => v.message)).toEqual(["Service 'web' has no explicit stop grace period."]);
    expect(findings(graph("prod"), "lifecycle.graceful-stop").map((f) => f.severity)).toEqual(["warning"]);
    expect(findings(graph("dev"), "lifecycle.graceful-stop")).toEqual([]);
  });
});
