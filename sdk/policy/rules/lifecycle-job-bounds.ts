import { asWorkload, describeNode } from "../describe.ts";
import type { Rule, Violation } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** lifecycle.job-bounds: a Job has a deadline and a bounded number of retries. */
export const lifecycleJobBounds: Rule = {
  id: "lifecycle.job-bounds",
  on: ["job"],
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "A Job has a deadline and a bounded number of retries",
  why: "a job without a deadline can hang a deploy forever, and one without bounded retries repeats a failing migration without end.",
  fix: "new Job(this, \"migrate\", { ..., deadline: Duration.minutes(10), retries: 3 })",
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.kind !== "job") return [];
    const out: Violation[] = [];
    if (w.spec.job?.deadlineMs === undefined) {
      out.push({ field: "job.deadlineMs", found: "none", message: `${describeNode(w)} has no deadline.`, fix: "deadline: Duration.minutes(10)" });
    }
    const r = w.spec.restart;
    const bounded = w.spec.job?.retries !== undefined || (r !== undefined && (r.policy === "no" || (r.policy === "on-failure" && r.maxAttempts !== undefined)));
    const unbounded = r !== undefined && (r.policy === "always" || r.policy === "unless-stopped");
    if (!bounded || unbounded) {
      const found = r ? `${r.policy}${r.maxAttempts !== undefined ? `:${r.maxAttempts}` : ""}` : "none";
      out.push({ field: "restart", found, message: `${describeNode(w)} retries without a bound.`, fix: "retries: 3" });
    }
    return out;
  },
};
