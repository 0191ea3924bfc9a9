import type { GraphNode } from "../../graph/schema.ts";
import { asWorkload, describeNode, imageOf, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule, Violation } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/**
 * The berth.lock key of a registry reference: the canonical reference without its digest (what
 * `formatImageRef` gives synth; repeated here so policy depends on the graph only).
 */
export function lockKey(ref: { registry: string; repository: string; tag?: string }): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}`;
}

/**
 * image.lock-fresh: berth.lock covers every registry image that is not pinned inline (with the
 * digest the graph was synthesized with), and has no entry the stack no longer uses. Runs only
 * when the caller passes the lock (`CheckOptions.lock`).
 */
export const imageLockFresh: Rule = {
  id: "image.lock-fresh",
  on: ["stack", ...WORKLOAD_KINDS],
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "berth.lock pins every registry image not pinned inline, at the digest synthesized with, and lists nothing the stack no longer uses",
  why: "an image missing from berth.lock is resolved at deploy time, so what runs is whatever the tag points to then; stale entries hide which pins are real.",
  fix: "run `berth lock` and commit berth.lock",
  check(node, ctx) {
    const lock = ctx.lock;
    if (!lock) return [];
    if (node === undefined) {
      const used = new Set<string>();
      for (const n of ctx.graph.nodes) {
        if (n.spec.kind === "image" && n.spec.source.kind === "registry" && n.spec.source.pinnedBy !== "inline") used.add(lockKey(n.spec.source.ref));
      }
      const out: Violation[] = [];
      for (const key of Object.keys(lock.images).sort()) {
        if (!used.has(key)) {
          out.push({ field: `berth.lock.images["${key}"]`, found: JSON.stringify(key), message: `berth.lock pins "${key}", which stack '${ctx.graph.stack.name}' no longer uses.` });
        }
      }
      return out;
    }
    const w = asWorkload(node as GraphNode);
    const image = w && imageOf(w, ctx.nodes);
    if (!w || !image || image.source.kind !== "registry" || image.source.pinnedBy === "inline") return [];
    const key = lockKey(image.source.ref);
    const entry = lock.images[key];
    if (!entry) {
      return [{ field: "image", found: JSON.stringify(image.source.reference), message: `${describeNode(w)} runs image "${key}", which berth.lock does not pin.` }];
    }
    if (image.source.ref.digest !== entry.digest) {
      return [
        {
          field: "image",
          found: JSON.stringify(image.source.ref.digest ?? image.source.reference),
          message: `${describeNode(w)} runs image "${key}" ${image.source.ref.digest ? "at another digest than" : "unpinned although"} berth.lock pins ${entry.digest}.`,
          fix: "synthesize with the current berth.lock (`berth synth` reads it), or run `berth lock` again",
        },
      ];
    }
    return [];
  },
};
