import type { Rule } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** sec.readonly-rootfs: the root filesystem is read-only; writable paths are tmpfs or volumes. */
export const secReadonlyRootfs: Rule = {
  id: "sec.readonly-rootfs",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "The root filesystem is read-only; writable paths are tmpfs or volumes",
  why: "a writable root lets a compromised process persist files and fill the disk.",
  fix: 'readOnlyRootFilesystem: true, and mount writable paths: tmpfs: ["/tmp"]',
  check(node) {
    const w = asWorkload(node);
    if (!w || w.spec.readOnlyRootFilesystem) return [];
    return [{ node: w, field: "readOnlyRootFilesystem", found: "false", message: `${describeNode(w)} has a writable root filesystem.` }];
  },
};
