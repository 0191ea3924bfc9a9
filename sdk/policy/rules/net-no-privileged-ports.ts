import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";

const FIRST_UNPRIVILEGED = 1024;

/** net.no-privileged-ports: published host ports are >= 1024 unless acknowledged. */
export const netNoPrivilegedPorts: Rule = {
  id: "net.no-privileged-ports",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "W",
  mandatory: false,
  summary: "Published host ports are 1024 or above",
  why: "ports below 1024 need root or NET_BIND_SERVICE on the host side and collide with system services.",
  fix: "ports: [{ container: 8080, published: 8080 }], or acknowledge it: stack.policy.suppress(\"net.no-privileged-ports\", { on: web, reason: \"...\" })",
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    w.spec.ports.forEach((p, i) => {
      if (p.published !== undefined && p.published < FIRST_UNPRIVILEGED) {
        out.push({ node: w, field: `ports[${i}].published`, found: String(p.published), message: `${describeNode(w)} publishes the privileged port ${p.published}.` });
      }
    });
    return out;
  },
};
