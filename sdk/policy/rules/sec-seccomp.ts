import type { Rule } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";

/** sec.seccomp: the seccomp profile is not `unconfined` (unset means the runtime's default). */
export const secSeccomp: Rule = {
  id: "sec.seccomp",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "fargate", "kubernetes"],
  dev: "E",
  prod: "E",
  mandatory: false,
  summary: "The seccomp profile is not `unconfined`",
  why: "without seccomp every system call is open, including the ones most kernel exploits use.",
  fix: "remove seccompProfile to use the runtime's default profile, or name a custom profile",
  check(node) {
    const w = asWorkload(node);
    const profile = w?.spec.seccompProfile;
    if (!w || profile === undefined || profile.trim().toLowerCase() !== "unconfined") return [];
    return [{ node: w, field: "seccompProfile", found: profile, message: `${describeNode(w)} runs without a seccomp profile.` }];
  },
};
