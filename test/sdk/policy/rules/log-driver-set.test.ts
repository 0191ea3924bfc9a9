import { describe, expect, it } from "vitest";
import type { TargetSpec } from "../../../../sdk/graph/schema.ts";
import { logDriverSet } from "../../../../sdk/policy/rules/log-driver-set.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

const FARGATE: TargetSpec = { kind: "fargate", cluster: "c", region: "eu-west-1", subnets: [], securityGroups: [] };

describe("log.driver-set", () => {
  it("passes an explicit json-file driver on a Docker host", () => {
    expect(violations(logDriverSet, graphWith([workload("Shop/web")]))).toEqual([]);
  });

  it("fails a workload with no logging", () => {
    const v = violations(logDriverSet, graphWith([workload("Shop/web", { logging: undefined })]));
    expect(v.map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "logging.driver", found: "unset", message: "Service 'web' sets no log driver." },
    ]);
  });

  it("fails json-file on ECS and passes awslogs there", () => {
    const ecs = (driver: string) => graphWith([workload("Shop/web", { logging: { driver, options: {} } })], { target: FARGATE });
    expect(violations(logDriverSet, ecs("json-file")).map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "logging.driver", found: "json-file", message: "Service 'web' logs with json-file on ECS, where awslogs is expected." },
    ]);
    expect(violations(logDriverSet, ecs("awslogs"))).toEqual([]);
  });

  it("passes Berth's default logging on ECS, which becomes awslogs there", () => {
    const g = graphWith([workload("Shop/web")], { target: FARGATE });
    expect(g.nodes.find((n) => n.id === "Shop/web")!.spec).toMatchObject({ logging: { driver: "json-file" }, defaults: expect.arrayContaining(["logging"]) });
    expect(violations(logDriverSet, g)).toEqual([]);
  });

  it("is off in dev and warns in prod through the engine", () => {
    const g = (profile: "dev" | "prod") => graphWith([workload("Shop/web", { logging: undefined })], { profile });
    expect(findings(g("dev"), "log.driver-set")).toEqual([]);
    expect(findings(g("prod"), "log.driver-set").map((f) => f.severity)).toEqual(["warning"]);
  });
});
