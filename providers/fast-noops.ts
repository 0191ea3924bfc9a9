/**
 * The no-op fast paths of `berth up`, by target kind: the light half of a target's
 * registration (its `upCache`), kept apart from providers/registry.ts so that the fast path's
 * bundle loads no target schema, sdk or zod.
 */
import type { FastNoop } from "./shared/fast-noop.ts";

const FAST_NOOPS: Readonly<Record<string, () => Promise<FastNoop>>> = {
  "docker-host": async () => (await import("./docker/engine/fast-noop.ts")).dockerHostFastNoop,
  kubernetes: async () => (await import("./kubernetes/engine/fast-noop.ts")).kubernetesFastNoop,
};

/** The fast path of a target kind, or undefined when it has none. */
export function fastNoopOf(kind: string): (() => Promise<FastNoop>) | undefined {
  return Object.hasOwn(FAST_NOOPS, kind) ? FAST_NOOPS[kind] : undefined;
}
