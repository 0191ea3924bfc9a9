/**
 * Schema pieces both target graphs (providers/docker/target.ts, providers/swarm/target.ts) are
 * made of. The two graphs stay separate schemas, since their nodes are different Engine API
 * objects; what every node carries and how ordering edges look is common.
 */
import { z } from "zod";

/** Object labels (`berth.stack`, `berth.node`, `berth.spec-hash`, ...). */
export const Labels = z.record(z.string(), z.string());

/** Engine API `HealthConfig`, as containers and swarm services both take it (durations in nanoseconds). */
export const EngineHealthcheck = z.object({
  Test: z.array(z.string()).min(2),
  Interval: z.number().int(),
  Timeout: z.number().int(),
  Retries: z.number().int(),
  StartPeriod: z.number().int(),
});
export type EngineHealthcheck = z.infer<typeof EngineHealthcheck>;

/** The fields every target node has, spread into each node schema. */
export const TargetNodeBase = {
  /**
   * Target node id: the portable id, plus a suffix where one portable node lowers to several
   * objects (Docker host: `#<i>` for a replica, `#secret:<name>` for a file; swarm:
   * `#default-network`).
   */
  id: z.string().min(1),
  /** The portable node it was lowered from. */
  source: z.string().min(1),
  /** Construct path of the source, e.g. `shop/Shop/web`, for messages. */
  path: z.string().min(1),
  /** Engine object name (Docker host files: the host path). */
  name: z.string().min(1),
  /** sha256 of the canonical JSON of the node without `hash` and the version label. */
  hash: z.string().regex(/^[a-f0-9]{64}$/),
};

/** An ordering edge schema: `from` is created after `to` reached one of `conditions`. */
export function orderingEdge<const C extends readonly [string, ...string[]]>(conditions: C) {
  return z.object({ from: z.string(), to: z.string(), condition: z.enum(conditions) });
}
