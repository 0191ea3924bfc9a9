import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";

/** sec.no-host-pid-ipc: the workload shares neither the host's pid nor its ipc namespace. */
export const secNoHostPidIpc: Rule = {
  id: "sec.no-host-pid-ipc",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "fargate", "kubernetes"],
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "The workload shares neither the host's pid nor its ipc namespace",
  why: "the host pid or ipc namespace lets the container see, signal and read the memory of host processes.",
  fix: "hostPid: false, hostIpc: false",
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    if (w.spec.hostPid) out.push({ node: w, field: "hostPid", found: "true", message: `${describeNode(w)} shares the host pid namespace.` });
    if (w.spec.hostIpc) out.push({ node: w, field: "hostIpc", found: "true", message: `${describeNode(w)} shares the host ipc namespace.` });
    return out;
  },
};
