import { describe, expect, it } from "vitest";
import { Duration } from "../../../../sdk/values/duration.ts";
import { Image } from "../../../../sdk/constructs/image.ts";
import { Job } from "../../../../sdk/constructs/job.ts";
import { Service } from "../../../../sdk/constructs/service.ts";
import { healthDependsNeedsCheck } from "../../../../sdk/policy/rules/health-depends-needs-check.ts";
import { stackGraph, violations } from "../fixtures.ts";

const image = Image.fromRegistry("nginx:1.27.3");

describe("health.depends-needs-check", () => {
  it("passes healthy on a checked service and completed on a job", () => {
    const graph = stackGraph((s) => {
      const db = new Service(s, "db", { image, ports: [5432], healthcheck: { tcp: { port: 5432 } } });
      const migrate = new Job(s, "migrate", { image, deadline: Duration.minutes(5), dependsOn: [{ on: db, condition: "healthy" }] });
      new Service(s, "web", { image, dependsOn: [{ on: migrate, condition: "completed" }, { on: db, condition: "healthy" }, db] });
    });
    expect(violations(healthDependsNeedsCheck, graph)).toEqual([]);
  });

  it("fails healthy on a service without a healthcheck and completed on a service", () => {
    const graph = stackGraph((s) => {
      const db = new Service(s, "db", { image, ports: [5432] });
      new Service(s, "web", { image, dependsOn: [{ on: db, condition: "healthy" }] });
      new Service(s, "worker", { image, dependsOn: [{ on: db, condition: "completed" }] });
    });
    expect(violations(healthDependsNeedsCheck, graph).map((v) => [v.found, v.message])).toEqual([
      ["db (healthy)", "Service 'web' waits for Service 'db' to be healthy, but it has no healthcheck."],
      ["db (completed)", "Service 'worker' waits for Service 'db' to complete, but only a Job completes."],
    ]);
  });
});
