import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** lifecycle.graceful-stop: the stop grace period (SIGTERM to SIGKILL) is set explicitly. */
export const lifecycleGracefulStop: Rule = {
  id: "lifecycle.graceful-stop",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "-",
  prod: "W",
  mandatory: false,
  summary: "The stop grace period between SIGTERM and SIGKILL is set explicitly",
  why: "platform defaults differ (Docker 10 s, ECS 30 s, K8s 30 s); an explicit grace period makes drains behave the same on every target (12-factor #9).",
  fix: "stopGracePeriod: Duration.seconds(30)",
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.stopGracePeriodMs !== undefined) return [];
    return [{ field: "stopGracePeriodMs", found: "none", message: `${describeNode(w)} has no explicit stop grace period.` }];
  },
};
