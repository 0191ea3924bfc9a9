import type { Rule } from "../types.ts";
import { asWorkload, describeNode } from "../describe.ts";
import { singleWriterMounts } from "./volumes.ts";

const MIN_REPLICAS = 2;

/**
 * avail.min-replicas: stateless services run at least 2 replicas. A service with a
 * single-writer volume is stateful (avail.stateful-single-writer holds it to 1); containers and
 * jobs are single by design and not checked.
 */
export const availMinReplicas: Rule = {
  id: "avail.min-replicas",
  on: ["service"],
  targets: ["swarm", "fargate", "kubernetes"],
  dev: "-",
  prod: "E",
  mandatory: false,
  summary: "A stateless service runs at least 2 replicas",
  why: "a single replica means every deploy, node drain or crash is an outage.",
  fix: "replicas: 2  (or more; take it from stack config: stack.config.number(\"replicas\", 2))",
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w || w.spec.kind !== "service" || w.spec.replicas >= MIN_REPLICAS) return [];
    if (singleWriterMounts(w, ctx).length > 0) return [];
    return [{ node: w, field: "replicas", found: String(w.spec.replicas), message: `${describeNode(w)} runs ${w.spec.replicas} replica${w.spec.replicas === 1 ? "" : "s"}, fewer than ${MIN_REPLICAS}.` }];
  },
};
