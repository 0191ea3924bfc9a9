import { describe, expect, it } from "vitest";
import type { WorkloadNode } from "../../../../sdk/graph/schema.ts";
import { lifecycleRestartPolicy } from "../../../../sdk/policy/rules/lifecycle-restart-policy.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const run = (kind: WorkloadNode["kind"], restart: WorkloadNode["restart"]) =>
  violations(lifecycleRestartPolicy, graphWith([workload("Shop/x", { kind, restart })])).map((v) => [v.found, v.message]);

describe("lifecycle.restart-policy", () => {
  it("passes unless-stopped and bounded on-failure for services, bounded on-failure and no for jobs", () => {
    expect(run("service", { policy: "unless-stopped" })).toEqual([]);
    expect(run("container", { policy: "on-failure", maxAttempts: 5 })).toEqual([]);
    expect(run("job", { policy: "on-failure", maxAttempts: 3 })).toEqual([]);
    expect(run("job", { policy: "no" })).toEqual([]);
  });

  it("fails missing, unbounded and never-restarting policies", () => {
    expect(run("service", undefined)).toEqual([["none", "Service 'x' has no restart policy."]]);
    expect(run("service", { policy: "always" })).toEqual([["always", "Service 'x' restarts always, even after an operator stops it."]]);
    expect(run("service", { policy: "on-failure" })).toEqual([["on-failure", "Service 'x' restarts on failure without a maximum number of attempts."]]);
    expect(run("service", { policy: "no" })).toEqual([["no", "Service 'x' never restarts, so a crash leaves it down."]]);
    expect(run("job", { policy: "unless-stopped" })).toEqual([["unless-stopped", "Job 'x' is a Job that restarts until stopped, so it never finishes failing."]]);
  });
});
