import type { Rule } from "../types.ts";
import { asWorkload, describeNode } from "../describe.ts";

/**
 * avail.spread: a service with 2 or more replicas spreads them across hosts or zones.
 * Swarm: `swarm.preferences` is set (e.g. `spread=node.labels.zone`). Fargate: ECS spreads
 * tasks across the availability zones of the target's subnets, so it needs at least two.
 * Kubernetes: the portable graph has no anti-affinity option yet, so the rule warns and the
 * decision is recorded with a waiver (or made cluster-wide with default topology spread
 * constraints).
 */
export const availSpread: Rule = {
  id: "avail.spread",
  on: ["service"],
  targets: ["swarm", "fargate", "kubernetes"],
  dev: "-",
  prod: "W",
  mandatory: false,
  summary: "A replicated service spreads its replicas across hosts or zones",
  why: "replicas that share one host or zone all go down with it.",
  fix: 'swarm: { preferences: ["spread=node.labels.zone"] }',
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w || w.spec.kind !== "service" || w.spec.replicas < 2) return [];
    const n = w.spec.replicas;
    const t = ctx.graph.stack.target;
    if (ctx.target === "swarm" && (w.spec.targetOptions.swarm?.preferences ?? []).length === 0) {
      return [{ node: w, field: "targetOptions.swarm.preferences", found: "unset", message: `${describeNode(w)} runs ${n} replicas with no placement preference to spread them.` }];
    }
    if (t.kind === "fargate" && t.subnets.length < 2) {
      return [{
        node: w,
        field: "stack.target.subnets",
        found: JSON.stringify(t.subnets),
        message: `${describeNode(w)} runs ${n} replicas in fewer than two subnets, so in one availability zone.`,
        fix: 'new Fargate({ ..., subnets: ["subnet-a", "subnet-b"] })  (one per availability zone)',
      }];
    }
    if (ctx.target === "kubernetes") {
      return [{
        node: w,
        field: "targetOptions.kubernetes",
        found: "no spread constraint",
        message: `${describeNode(w)} runs ${n} replicas with no spread constraint across nodes or zones.`,
        fix: `rely on the cluster's default topology spread constraints and record it: stack.policy.suppress("avail.spread", { on: ${w.id.split("/").pop()}, reason: "cluster default topology spread" })`,
      }];
    }
    return [];
  },
};
