import { describe, expect, it } from "vitest";
import { netIsolation } from "../../../../sdk/policy/rules/net-isolation.ts";
import { findings, graphWith, node, violations, workload } from "../fixtures.ts";

const backend = node("Shop/backend", { kind: "network", internal: false, labels: {} });

describe("net.isolation", () => {
  it("passes a workload on a user-defined network", () => {
    expect(violations(netIsolation, graphWith([backend, workload("Shop/web", { networks: ["Shop/backend"] })]))).toEqual([]);
  });

  it("fails a workload on no network", () => {
    const v = violations(netIsolation, graphWith([workload("Shop/web")]));
    expect(v.map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "networks", found: "[]", message: "Service 'web' is on no user-defined network." },
    ]);
  });

  it("warns in dev, fails in prod, and is skipped on Fargate", () => {
    const g = (profile: "dev" | "prod") => graphWith([workload("Shop/web")], { profile });
    expect(findings(g("dev"), "net.isolation").map((f) => f.severity)).toEqual(["warning"]);
    expect(findings(g("prod"), "net.isolation").map((f) => f.severity)).toEqual(["error"]);
    const ecs = graphWith([workload("Shop/web")], { profile: "prod", target: { kind: "fargate", cluster: "c", region: "r", subnets: [], securityGroups: [] } });
    expect(findings(ecs, "net.isolation")).toEqual([]);
  });
});
