import { asWorkload, describeNode, imageOf, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/**
 * image.tag-required: every registry reference names a tag or a digest. Reported on the
 * workload that runs the image, so a waiver can name it.
 */
export const imageTagRequired: Rule = {
  id: "image.tag-required",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "Every registry image reference names a tag or a digest",
  why: "without a tag the engine pulls whatever `latest` points to today, so two deploys of one program can run different code.",
  fix: 'Image.fromRegistry("postgres:16.4") (then `berth lock` pins it to a digest)',
  check(node, ctx) {
    const w = asWorkload(node);
    const image = w && imageOf(w, ctx.nodes);
    if (!w || !image || image.source.kind !== "registry") return [];
    const { ref, reference } = image.source;
    if (ref.tag !== undefined || ref.digest !== undefined) return [];
    return [{ field: "image", found: JSON.stringify(reference), message: `${describeNode(w)} runs image "${reference}" without a tag or digest.` }];
  },
};
