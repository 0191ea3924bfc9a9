import { asWorkload, describeNode, imageOf, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** image.digest-pinned: registry images run by `@sha256:` digest, from berth.lock or inline. */
export const imageDigestPinned: Rule = {
  id: "image.digest-pinned",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "-",
  prod: "E",
  mandatory: false,
  summary: "Registry images run by `@sha256:` digest, from berth.lock or inline",
  why: "a tag can be re-pushed; only a digest guarantees every host and every rollback runs the bytes that were tested.",
  fix: "run `berth lock` to pin every tag in berth.lock, or write the reference as name:tag@sha256:<digest>",
  check(node, ctx) {
    const w = asWorkload(node);
    const image = w && imageOf(w, ctx.nodes);
    if (!w || !image || image.source.kind !== "registry") return [];
    if (image.source.ref.digest !== undefined) return [];
    const ref = image.source.reference;
    return [{ field: "image", found: JSON.stringify(ref), message: `${describeNode(w)} runs image "${ref}", which is not pinned to a digest.` }];
  },
};
