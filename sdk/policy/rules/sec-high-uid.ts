import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";

const MIN_ID = 10000;
const DIGITS = /^\d+$/;

/**
 * sec.high-uid: numeric uid and gid are above 10000, out of the range host accounts use.
 * Named users are skipped (their ids live in the image); an unset user is sec.non-root's
 * finding. A numeric uid without a gid runs with gid 0 when the image has no passwd entry for
 * it, so the gid must be given.
 */
export const secHighUid: Rule = {
  id: "sec.high-uid",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "-",
  prod: "W",
  mandatory: false,
  summary: "A numeric user and group are above 10000, outside the range host accounts use",
  why: "ids at or below 10000 can collide with real accounts on the host, which then own the escaped process's files.",
  fix: 'user: "10001:10001"',
  check(node) {
    const w = asWorkload(node);
    const user = w?.spec.user;
    if (!w || user === undefined) return [];
    const [uid = "", gid] = user.split(":").map((s) => s.trim());
    if (!DIGITS.test(uid)) return [];
    const out: Violation[] = [];
    if (Number(uid) <= MIN_ID) {
      out.push({ node: w, field: "user", found: user, message: `${describeNode(w)} runs with uid ${uid}, not above ${MIN_ID}.` });
    }
    if (gid === undefined || gid === "") {
      out.push({ node: w, field: "user", found: user, message: `${describeNode(w)} sets no gid, so it may run with gid 0.` });
    } else if (DIGITS.test(gid) && Number(gid) <= MIN_ID) {
      out.push({ node: w, field: "user", found: user, message: `${describeNode(w)} runs with gid ${gid}, not above ${MIN_ID}.` });
    }
    return out;
  },
};
