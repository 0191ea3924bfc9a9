import { describe, expect, it } from "vitest";
import type { TargetSpec, WorkloadNode } from "../../../../sdk/graph/schema.ts";
import { availRollingUpdate } from "../../../../sdk/policy/rules/avail-rolling-update.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

const SWARM: TargetSpec = { kind: "swarm" };
const HEALTH: WorkloadNode["healthcheck"] = { test: { kind: "http", port: 8080, path: "/healthz" }, intervalMs: 5000, timeoutMs: 5000, retries: 3, startPeriodMs: 0 };
const UPDATE: NonNullable<WorkloadNode["update"]> = { parallelism: 1, delayMs: 0, order: "start-first", failureAction: "rollback", monitorMs: 15000, maxFailureRatio: 0 };
const brief = (overrides: Partial<WorkloadNode>) =>
  violations(availRollingUpdate, graphWith([workload("Shop/web", overrides)], { target: SWARM })).map(({ field, found, message }) => ({ field, found, message }));

describe("avail.rolling-update", () => {
  it("passes a service that rolls back and has a healthcheck", () => {
    expect(brief({ healthcheck: HEALTH, update: UPDATE })).toEqual([]);
  });

  it("fails a service that pauses on failure and has no healthcheck", () => {
    expect(brief({ update: { ...UPDATE, failureAction: "pause" } })).toEqual([
      { field: "update.failureAction", found: "pause", message: "Service 'web' does not roll back a failed update." },
      { field: "healthcheck", found: "unset", message: "Service 'web' has no healthcheck to gate its updates on." },
    ]);
  });

  it("fails a service with no update policy", () => {
    expect(brief({ healthcheck: HEALTH, update: undefined })).toEqual([{ field: "update", found: "unset", message: "Service 'web' has no update policy." }]);
  });

  it("does not check jobs", () => {
    expect(violations(availRollingUpdate, graphWith([workload("Shop/migrate", { kind: "job" })], { target: SWARM }))).toEqual([]);
  });

  it("is off in dev and fails in prod through the engine", () => {
    const g = (profile: "dev" | "prod") => graphWith([workload("Shop/web", { update: UPDATE })], { profile, target: SWARM });
    expect(findings(g("dev"), "avail.rolling-update")).toEqual([]);
    expect(findings(g("prod"), "avail.rolling-update").map((f) => [f.severity, f.field])).toEqual([["error", "healthcheck"]]);
  });
});
