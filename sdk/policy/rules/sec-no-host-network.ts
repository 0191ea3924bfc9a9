import type { Rule } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** sec.no-host-network: the workload has its own network namespace. */
export const secNoHostNetwork: Rule = {
  id: "sec.no-host-network",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "The workload has its own network namespace",
  why: "the host network namespace exposes every host interface and local-only port to the container.",
  fix: "hostNetwork: false, and publish what it serves: ports: [{ container: 8080, published: 8080 }]",
  check(node) {
    const w = asWorkload(node);
    if (!w || !w.spec.hostNetwork) return [];
    return [{ node: w, field: "hostNetwork", found: "true", message: `${describeNode(w)} uses the host network namespace.` }];
  },
};
