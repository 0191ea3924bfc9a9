import { describe, expect, it } from "vitest";
import type { TargetSpec } from "../../../../sdk/graph/schema.ts";
import { findings, graphWith, workload } from "../fixtures.ts";

const fargate: TargetSpec = { kind: "fargate", cluster: "c", region: "eu-west-1", subnets: [], securityGroups: [] };

describe("resource rules by profile and target", () => {
  it("reports reservations only in prod and only where a scheduler uses them", () => {
    const w = workload("Shop/web", { resources: { cpu: 1, memoryBytes: 1 << 29, pids: 100 } });
    expect(findings(graphWith([w], { profile: "dev", target: { kind: "swarm" } }), "res.memory-request")).toEqual([]);
    expect(findings(graphWith([w], { profile: "prod", target: { kind: "docker-host" } }), "res.cpu-request")).toEqual([]);
    expect(findings(graphWith([w], { profile: "prod", target: { kind: "swarm" } }), "res.cpu-request").map((f) => f.severity)).toEqual(["warning"]);
  });

  it("checks the pids limit only on Docker targets", () => {
    const w = workload("Shop/web");
    expect(findings(graphWith([w], { profile: "prod", target: fargate }), "res.pids-limit")).toEqual([]);
    expect(findings(graphWith([w], { profile: "prod" }), "res.pids-limit").map((f) => f.severity)).toEqual(["warning"]);
    expect(findings(graphWith([w], { profile: "prod" }), "res.memory-limit").map((f) => f.severity)).toEqual(["error"]);
  });
});
