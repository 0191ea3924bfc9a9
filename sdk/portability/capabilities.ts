/**
 * What a capability table is: for every feature, how a target provides it (honoured /
 * emulated / degraded / unsupported) and what it becomes there. Each target's table lives with
 * its registration (providers/<target>/capabilities.ts); the portability report reads it there.
 *
 * - honoured: the platform has the setting and it means the same thing.
 * - emulated: the platform lacks it, and Berth's lowering or deployer produces the same effect.
 * - degraded: something close exists but behaves differently from what the program says.
 * - unsupported: the platform has no such thing; the setting would be dropped or rejected.
 *
 * Those levels judge what a program sets. Berth's own secure defaults (read-only root, drop ALL,
 * no-new-privileges, init, log rotation, update settings) are resolved per target instead: a row
 * a target cannot honour says in `asDefault` what the default becomes there.
 */
import type { DefaultableFeature, Feature, Support } from "../core/features.ts";

/** How one target provides one feature. */
export interface Capability {
  readonly support: Support;
  /** What the feature becomes on the target, in one line. */
  readonly note: string;
  /**
   * What Berth's own secure default becomes on the target, in one line, for a feature the
   * target cannot honour as written (degraded or unsupported) and that workloads use by default
   * when the program does not set it. Such a default never fails the check.
   */
  readonly asDefault?: string;
}

/**
 * A row of a feature Berth fills by default: where the target cannot honour it, the row must
 * say what the default becomes there (`asDefault`), so a missing note is a compile error.
 */
export type DefaultableCapability =
  | { readonly support: "honoured" | "emulated"; readonly note: string }
  | { readonly support: "degraded" | "unsupported"; readonly note: string; readonly asDefault: string };

/**
 * One target's capabilities, keyed by feature: a missing row, or a defaultable row the target
 * cannot honour without its `asDefault` note, is a compile error.
 */
export type TargetCapabilities = { readonly [F in Feature]: F extends DefaultableFeature ? DefaultableCapability : Capability };


/** A row the target honours: the platform has the setting and it means the same thing. */
export const honoured = (note: string) => ({ support: "honoured", note }) as const;
/** A row the target emulates: Berth's lowering or engine produces the same effect. */
export const emulated = (note: string) => ({ support: "emulated", note }) as const;
/** A row the target degrades; `asDefault` says what Berth's default becomes there. */
export function degraded(note: string): { readonly support: "degraded"; readonly note: string };
export function degraded(note: string, asDefault: string): { readonly support: "degraded"; readonly note: string; readonly asDefault: string };
export function degraded(note: string, asDefault?: string) {
  return asDefault === undefined ? ({ support: "degraded", note } as const) : ({ support: "degraded", note, asDefault } as const);
}
/** A row the target does not support; `asDefault` says what Berth's default becomes there. */
export function unsupported(note: string): { readonly support: "unsupported"; readonly note: string };
export function unsupported(note: string, asDefault: string): { readonly support: "unsupported"; readonly note: string; readonly asDefault: string };
export function unsupported(note: string, asDefault?: string) {
  return asDefault === undefined ? ({ support: "unsupported", note } as const) : ({ support: "unsupported", note, asDefault } as const);
}
