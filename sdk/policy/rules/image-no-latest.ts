import { asWorkload, describeNode, imageOf, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** Tags that publishers move to new builds; `latest` is the best known. */
export const MOVING_TAGS: readonly string[] = [
  "latest", "stable", "edge", "mainline", "lts", "current", "rolling", "nightly",
  "main", "master", "develop", "dev", "beta", "alpha", "testing", "unstable", "canary", "release",
];

/** The alias a tag moves with (`mainline-alpine` → `mainline`), or undefined for a fixed tag. */
export function movingAlias(tag: string): string | undefined {
  const lower = tag.toLowerCase();
  if (MOVING_TAGS.includes(lower)) return lower;
  const head = lower.split(/[-_]/)[0] ?? "";
  return MOVING_TAGS.includes(head) ? head : undefined;
}

/**
 * The moving alias that makes a tag unacceptable, or undefined: `latest` always (pinned by a
 * digest the tag still says nothing about what runs), any other moving alias unless a digest
 * pins it. The one judgement of tags, for images run (image.no-latest) and built FROM
 * (build.base-pinned).
 */
export function refusedAlias(tag: string | undefined, pinned: boolean): string | undefined {
  const alias = tag === undefined ? undefined : movingAlias(tag);
  return alias === "latest" || (alias !== undefined && !pinned) ? alias : undefined;
}

/**
 * image.no-latest: the tag is not `latest`, and not another moving alias (`stable`, `edge`,
 * `mainline-alpine`...) unless a digest pins it. `latest` is refused even when pinned: the tag
 * then says nothing about what runs, and the next `berth lock` silently moves it.
 */
export const imageNoLatest: Rule = {
  id: "image.no-latest",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: true,
  summary: "No image runs by `latest` or another moving tag (`stable`, `edge`...) unless a digest pins it; `latest` never",
  why: "a moving tag names a different image after every upstream release: deploys stop being reproducible and rollbacks do not roll back.",
  fix: 'Image.fromRegistry("nginx:1.27.3") — a version tag, pinned by `berth lock`',
  check(node, ctx) {
    const w = asWorkload(node);
    const image = w && imageOf(w, ctx.nodes);
    if (!w || !image || image.source.kind !== "registry") return [];
    const { ref, reference } = image.source;
    const alias = refusedAlias(ref.tag, ref.digest !== undefined);
    if (alias === undefined) return [];
    const what = alias === "latest" ? "the tag 'latest'" : `the moving tag '${ref.tag}' without a digest`;
    return [{ field: "image", found: JSON.stringify(reference), message: `${describeNode(w)} runs image "${reference}" with ${what}.` }];
  },
};
