import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";

/**
 * lifecycle.restart-policy: the restart policy is set and bounded. Services and Containers use
 * `unless-stopped` or `on-failure` with max attempts (`always` also restarts what an operator
 * stopped; `no` leaves a crash down); Jobs use `on-failure` with max attempts or `no`.
 */
export const lifecycleRestartPolicy: Rule = {
  id: "lifecycle.restart-policy",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "swarm"],
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "The restart policy is set and bounded (`unless-stopped`, or `on-failure` with a maximum)",
  why: "an unbounded or missing restart policy either leaves a crashed workload down or restarts a broken one forever, hiding the failure.",
  fix: 'restart: "unless-stopped" for services, restart: { onFailure: 3 } for jobs',
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const r = w.spec.restart;
    const found = r ? `${r.policy}${r.maxAttempts !== undefined ? `:${r.maxAttempts}` : ""}` : "none";
    const job = w.spec.kind === "job";
    let problem: string | undefined;
    if (!r) problem = "has no restart policy";
    else if (r.policy === "on-failure" && r.maxAttempts === undefined) problem = "restarts on failure without a maximum number of attempts";
    else if (r.policy === "always") problem = "restarts always, even after an operator stops it";
    else if (job && r.policy === "unless-stopped") problem = "is a Job that restarts until stopped, so it never finishes failing";
    else if (!job && r.policy === "no") problem = "never restarts, so a crash leaves it down";
    if (problem === undefined) return [];
    return [{ field: "restart", found, message: `${describeNode(w)} ${problem}.`, fix: job ? "restart: { onFailure: 3 }" : 'restart: "unless-stopped"' }];
  },
};
