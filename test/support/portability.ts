/**
 * The capability tables as the registered targets carry them, and the portability report of a
 * graph on one of them: what sdk/portability tests need now that each table lives with its
 * target's registration.
 */
import type { Feature } from "../../sdk/core/features.ts";
import type { Graph, TargetKind } from "../../sdk/graph/schema.ts";
import type { Capability } from "../../sdk/portability/capabilities.ts";
import { portabilityReport, type PortabilityReport } from "../../sdk/portability/report.ts";
import { provider, providers } from "../../providers/registry.ts";

/** The registered targets, in report order. */
export const TARGETS: readonly TargetKind[] = providers().map((p) => p.kind);

/** Every registered target's capability table, by kind. */
export const CAPABILITIES = Object.fromEntries(providers().map((p) => [p.kind, p.capabilities])) as Record<TargetKind, Readonly<Record<Feature, Capability>>>;

/** How `target` provides `feature`. */
export function capability(target: TargetKind, feature: Feature): Capability {
  return provider(target).capabilities[feature];
}

/** The portability report of `graph` on `target` (default: the stack's own), with that target's table. */
export function reportOn(graph: Graph, target: TargetKind = graph.stack.target.kind, options: { readonly now?: Date } = {}): PortabilityReport {
  return portabilityReport(graph, target, { ...options, table: provider(target).capabilities });
}

/** The report of `graph` on every registered target. */
export function reportsOnAll(graph: Graph, options: { readonly now?: Date } = {}): PortabilityReport[] {
  return TARGETS.map((t) => reportOn(graph, t, options));
}
