import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";

/** lifecycle.init-process: an init process reaps zombies and forwards signals (`init: true`, ECS initProcessEnabled). */
export const lifecycleInitProcess: Rule = {
  id: "lifecycle.init-process",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "swarm", "fargate"],
  dev: "W",
  prod: "W",
  mandatory: false,
  summary: "An init process reaps zombies and forwards signals (`init: true`)",
  why: "PID 1 without an init ignores SIGTERM by default and never reaps orphans: stops hit the grace timeout and zombies pile up.",
  fix: "init: true (the default)",
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.init) return [];
    return [{ field: "init", found: "false", message: `${describeNode(w)} runs without an init process.` }];
  },
};
