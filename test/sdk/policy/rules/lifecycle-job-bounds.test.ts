import { describe, expect, it } from "vitest";
import { Duration } from "../../../../sdk/values/duration.ts";
import { Image } from "../../../../sdk/constructs/image.ts";
import { Job } from "../../../../sdk/constructs/job.ts";
import { lifecycleJobBounds } from "../../../../sdk/policy/rules/lifecycle-job-bounds.ts";
import { graphWith, stackGraph, violations, workload } from "../fixtures.ts";

const image = Image.fromRegistry("nginx:1.27.3");

describe("lifecycle.job-bounds", () => {
  it("passes a job with a deadline and bounded retries", () => {
    expect(violations(lifecycleJobBounds, stackGraph((s) => void new Job(s, "migrate", { image, deadline: Duration.minutes(10), retries: 2 })))).toEqual([]);
  });

  it("fails a job without a deadline", () => {
    expect(violations(lifecycleJobBounds, stackGraph((s) => void new Job(s, "migrate", { image }))).map((v) => [v.field, v.message])).toEqual([
      ["job.deadlineMs", "Job 'migrate' has no deadline."],
    ]);
  });

  it("fails a job that retries without a bound", () => {
    const job = workload("Shop/migrate", { kind: "job", job: { deadlineMs: 60000 }, restart: { policy: "always" } });
    expect(violations(lifecycleJobBounds, graphWith([job])).map((v) => [v.field, v.found, v.message])).toEqual([["restart", "always", "Job 'migrate' retries without a bound."]]);
  });
});
