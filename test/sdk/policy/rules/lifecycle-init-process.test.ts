import { describe, expect, it } from "vitest";
import { lifecycleInitProcess } from "../../../../sdk/policy/rules/lifecycle-init-process.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

describe("lifecycle.init-process", () => {
  it("passes a workload with an init process", () => {
    expect(violations(lifecycleInitProcess, graphWith([workload("Shop/web", { init: true })]))).toEqual([]);
  });

  it("fails a workload without one, except on Kubernetes where the setting does not exist", () => {
    const nodes = [workload("Shop/web", { init: false })];
    expect(violations(lifecycleInitProcess, graphWith(nodes)).map((v) => [v.field, v.found, v.message])).toEqual([["init", "false", "Service 'web' runs without an init process."]]);
    expect(findings(graphWith(nodes, { target: { kind: "kubernetes", namespace: "shop" } }), "lifecycle.init-process")).toEqual([]);
  });
});
