import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode } from "../describe.ts";

/**
 * avail.rolling-update: a service updates with automatic rollback (swarm failure_action
 * rollback, ECS circuit breaker, K8s progress deadline) and health gating, which needs a
 * healthcheck for the platform to judge the new replicas by.
 */
export const availRollingUpdate: Rule = {
  id: "avail.rolling-update",
  on: ["service"],
  targets: ["swarm", "fargate", "kubernetes"],
  dev: "-",
  prod: "E",
  mandatory: false,
  summary: "A service updates with automatic rollback, gated on its healthcheck",
  why: "an update that is neither gated on health nor rolled back on failure replaces working replicas with broken ones.",
  fix: 'update: { failureAction: "rollback" }, healthcheck: { http: { port: 8080, path: "/healthz" } }',
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.kind !== "service") return [];
    const out: Violation[] = [];
    const update = w.spec.update;
    if (update === undefined) {
      out.push({ node: w, field: "update", found: "unset", message: `${describeNode(w)} has no update policy.`, fix: 'update: { failureAction: "rollback" }' });
    } else if (update.failureAction !== "rollback") {
      out.push({ node: w, field: "update.failureAction", found: update.failureAction, message: `${describeNode(w)} does not roll back a failed update.`, fix: 'update: { failureAction: "rollback" }' });
    }
    if (w.spec.healthcheck === undefined) {
      out.push({ node: w, field: "healthcheck", found: "unset", message: `${describeNode(w)} has no healthcheck to gate its updates on.`, fix: 'healthcheck: { http: { port: 8080, path: "/healthz" } }' });
    }
    return out;
  },
};
