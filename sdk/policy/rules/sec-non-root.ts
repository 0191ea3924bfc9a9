import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";

const ZEROS = /^0+$/;

/** Users that are root: the name and uid 0 (a group part does not change the uid). */
function isRootUser(user: string): boolean {
  const uid = user.split(":")[0]!.trim();
  return uid === "root" || ZEROS.test(uid);
}

/**
 * sec.non-root: a workload sets an explicit user that is not root. A named user other than
 * `root` passes: its uid is fixed by the image's /etc/passwd, which the graph cannot see, and
 * naming a dedicated user is the documented way to opt out of root.
 */
export const secNonRoot: Rule = {
  id: "sec.non-root",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "The workload names a user, and it is not root",
  why: "a process running as root inside the container is root on the host once it escapes.",
  fix: 'user: "10001:10001"',
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const user = w.spec.user;
    const out: Violation[] = [];
    if (user === undefined) {
      out.push({ node: w, field: "user", found: "unset", message: `${describeNode(w)} sets no user, so it runs as the image's user (often root).` });
    } else if (isRootUser(user)) {
      out.push({ node: w, field: "user", found: user, message: `${describeNode(w)} runs as root.` });
    }
    return out;
  },
};
