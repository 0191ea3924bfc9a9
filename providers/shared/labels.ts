/**
 * The labels that mark what Berth owns, in a module of their own: the engine's
 * client and the no-op fast path (cli/up-cache/fast-up.ts) need them without loading the target schemas.
 */

/** Berth's version, written in the `berth.version` label. */
export const BERTH_VERSION = "0.1.0";

/** Label keys Berth sets on every object it creates (ownership: nothing without them is ever touched). */
export const LABELS = {
  app: "berth.app",
  stack: "berth.stack",
  node: "berth.node",
  specHash: "berth.spec-hash",
  version: "berth.version",
  /** The portable node a target node comes from (a service has one per replica). */
  source: "berth.source",
  /** The docker node kind, e.g. `docker.container`. */
  kind: "berth.kind",
} as const;
