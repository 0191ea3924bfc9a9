import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";
import { capName } from "./capabilities.ts";

/** Capabilities that hand a container control of the host or its kernel. */
export const DANGEROUS_CAPS: readonly string[] = [
  "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_MODULE", "SYS_RAWIO", "SYS_PTRACE", "SYS_BOOT",
  "MAC_ADMIN", "MAC_OVERRIDE", "DAC_READ_SEARCH", "BPF", "PERFMON",
];

/**
 * sec.no-dangerous-caps: never adds a capability from {@link DANGEROUS_CAPS}. On Fargate the
 * platform accepts only SYS_PTRACE, so there SYS_PTRACE is allowed and anything else fails.
 */
export const secNoDangerousCaps: Rule = {
  id: "sec.no-dangerous-caps",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "No capability that amounts to root on the host (SYS_ADMIN, NET_ADMIN...) is added",
  why: "capabilities such as SYS_ADMIN, NET_ADMIN or SYS_MODULE let a process reconfigure or escape to the host.",
  fix: 'remove it from capabilities.add and grant a narrower one, e.g. capabilities: { add: ["NET_BIND_SERVICE"] }',
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w) return [];
    const fargate = ctx.target === "fargate";
    const out: Violation[] = [];
    w.spec.capabilities.add.forEach((raw, i) => {
      const cap = capName(raw);
      if (fargate) {
        if (cap !== "SYS_PTRACE") {
          out.push({
            node: w,
            field: `capabilities.add[${i}]`,
            found: raw,
            message: `${describeNode(w)} adds capability ${cap}, which Fargate does not allow (only SYS_PTRACE).`,
            fix: 'on Fargate, add nothing but SYS_PTRACE: capabilities: { add: ["SYS_PTRACE"] }, or none',
          });
        }
      } else if (DANGEROUS_CAPS.includes(cap)) {
        out.push({ node: w, field: `capabilities.add[${i}]`, found: raw, message: `${describeNode(w)} adds the dangerous capability ${cap}.` });
      }
    });
    return out;
  },
};
