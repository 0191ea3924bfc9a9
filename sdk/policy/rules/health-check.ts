import { asWorkload, describeNode } from "../describe.ts";
import type { Rule } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/**
 * health.check: long-running workloads (Service, Container) that listen on a port have a
 * healthcheck. Jobs and portless workers are left alone: nothing routes traffic to them.
 */
export const healthCheck: Rule = {
  id: "health.check",
  on: ["service", "container"],
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "A Service or Container that listens on a port has a healthcheck",
  why: "without a healthcheck a hung process counts as up: traffic keeps flowing to it, rolling updates cannot gate on it, and `dependsOn: healthy` cannot wait for it.",
  fix: 'healthcheck: { http: { port: 8080, path: "/healthz" } }',
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.kind === "job" || w.spec.ports.length === 0 || w.spec.healthcheck !== undefined) return [];
    const ports = w.spec.ports.map((p) => p.container);
    const listed = `port${ports.length > 1 ? "s" : ""} ${ports.join(", ")}`;
    return [{ field: "healthcheck", found: "none", message: `${describeNode(w)} listens on ${listed} but has no healthcheck.` }];
  },
};
