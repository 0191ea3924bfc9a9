import type { Rule } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";

/** sec.no-privilege-escalation: no-new-privileges (K8s allowPrivilegeEscalation: false) is on. */
export const secNoPrivilegeEscalation: Rule = {
  id: "sec.no-privilege-escalation",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "fargate", "kubernetes"],
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "no-new-privileges is on",
  why: "without no-new-privileges a setuid binary in the image can raise the process back to root.",
  fix: "noNewPrivileges: true",
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.noNewPrivileges) return [];
    return [{ node: w, field: "noNewPrivileges", found: "false", message: `${describeNode(w)} allows privilege escalation.` }];
  },
};
