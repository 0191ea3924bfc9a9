/**
 * Waivers (docs/policy.md, "Suppressions"): which acknowledgement covers a finding, and why a
 * waiver that exists does not apply (expired, mandatory rule in prod, or all waivers disabled).
 * Fails closed: any doubt leaves the finding active.
 */
import type { Acknowledgement, StackSpec } from "../graph/schema.ts";

/** Outcome of matching a finding against the stack's waivers. */
export type WaiverOutcome =
  | { readonly kind: "none" }
  | { readonly kind: "applied"; readonly waiver: Acknowledgement }
  | { readonly kind: "ignored"; readonly note: string };

/** What a waiver is matched against. */
export interface WaiverSubject {
  readonly rule: string;
  /** Node id of the finding; absent for stack-wide findings. */
  readonly node?: string;
  /** The rule is mandatory in the stack's profile. */
  readonly mandatory: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * True when the waiver's expiry date has passed. The expiry day itself is still covered
 * ("after which the waiver stops applying"), judged in UTC. A date that does not parse counts
 * as expired: a waiver nobody can read should not hide anything.
 */
export function waiverExpired(waiver: Acknowledgement, now: Date): boolean {
  if (waiver.expires === undefined) return false;
  const start = Date.parse(`${waiver.expires}T00:00:00Z`);
  if (Number.isNaN(start)) return true;
  return now.getTime() >= start + DAY_MS;
}

/**
 * The first moment after `now` at which one of the stack's waivers or acknowledgements expires,
 * as epoch milliseconds; undefined when none will. Until then, checking the same graph gives
 * the same findings (the no-op cache of `berth up` relies on it).
 */
export function nextWaiverExpiry(stack: StackSpec, now: Date): number | undefined {
  let next: number | undefined;
  for (const w of stack.suppressions) {
    if (w.expires === undefined) continue;
    const end = Date.parse(`${w.expires}T00:00:00Z`) + DAY_MS;
    if (!Number.isNaN(end) && end > now.getTime() && (next === undefined || end < next)) next = end;
  }
  return next;
}

/**
 * True when `waiver` targets the finding's rule and node. A waiver without a node covers the
 * whole stack; a waiver on a component covers every node below it (`Shop` covers `Shop/web`).
 */
export function waiverMatches(waiver: Acknowledgement, subject: Pick<WaiverSubject, "rule" | "node">): boolean {
  if (waiver.rule !== subject.rule) return false;
  if (waiver.node === undefined) return true;
  if (subject.node === undefined) return false;
  return subject.node === waiver.node || subject.node.startsWith(`${waiver.node}/`);
}

/**
 * Finds the waiver for one finding. Node waivers win over stack-wide ones; among those, the
 * first valid one in declaration order. Waiver ids `portability.*` belong to the portability
 * report and never match a policy rule.
 */
export function resolveWaiver(stack: StackSpec, subject: WaiverSubject, now: Date): WaiverOutcome {
  const candidates = stack.suppressions
    .filter((w) => !w.rule.startsWith("portability.") && waiverMatches(w, subject))
    .sort((a, b) => Number(a.node === undefined) - Number(b.node === undefined));
  if (candidates.length === 0) return { kind: "none" };
  if (stack.waiversDisabled) return { kind: "ignored", note: "waiver ignored: waivers are disabled for this stack" };
  if (subject.mandatory) return { kind: "ignored", note: "waiver ignored: rule is mandatory" };
  const valid = candidates.find((w) => !waiverExpired(w, now));
  if (valid) return { kind: "applied", waiver: valid };
  return { kind: "ignored", note: `waiver expired on ${candidates[0]!.expires}` };
}
