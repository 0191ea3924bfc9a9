/**
 * The portability report: for a graph and a target, each feature the graph uses
 * with how the target provides it. Degraded and unsupported features the program sets become
 * `portability.<feature>` findings of severity error unless acknowledged in code
 * (`stack.portability.acknowledge`). Berth's own secure defaults never do: a target resolves
 * each to its best equivalent, and the report says what it became.
 */
import { FEATURES, type Feature, type Support } from "../core/features.ts";
import type { Acknowledgement, Graph, GraphNode, StackSpec, TargetKind } from "../graph/schema.ts";
import { waiverExpired, waiverMatches } from "../policy/suppressions.ts";
import type { Finding } from "../policy/types.ts";
import type { Capability } from "./capabilities.ts";
import { featureNodes, featuresUsed, type FeatureUse } from "./features-used.ts";

/** An acknowledgement as reports show it. */
export interface AcknowledgementInfo {
  readonly reason: string;
  readonly owner?: string;
  readonly expires?: string;
}

/** One row of the report: a feature the graph uses on one target. */
export interface PortabilityEntry {
  readonly feature: Feature;
  readonly support: Support;
  /** What the feature becomes on the target. */
  readonly note: string;
  /** Ids of the nodes that use it, in graph order. */
  readonly nodes: readonly string[];
  /**
   * The ids of `nodes` that use the feature only through Berth's secure defaults (the program
   * did not set it), in graph order; absent when none do. These uses never fail the check.
   */
  readonly byDefault?: readonly string[];
  /**
   * What Berth's default becomes on the target, where the target cannot honour the feature as
   * written (the capability table's `asDefault`); else `note` says it.
   */
  readonly asDefault?: string;
  /**
   * Present when a valid acknowledgement covers every node that sets a degraded or unsupported
   * feature explicitly.
   */
  readonly acknowledged?: AcknowledgementInfo;
}

/** The report for one graph on one target. */
export interface PortabilityReport {
  readonly stack: string;
  readonly target: TargetKind;
  readonly entries: readonly PortabilityEntry[];
}

/** Options of {@link portabilityReport}. */
export interface PortabilityOptions {
  /** The time acknowledgement expiry is judged against. @default new Date() */
  readonly now?: Date;
  /** The target's capabilities, by feature (its registration's table). */
  readonly table: Readonly<Record<Feature, Capability>>;
}

/** True when the support level fails the check unless acknowledged. */
export function failsCheck(support: Support): boolean {
  return support === "degraded" || support === "unsupported";
}

/** True when every node of the row uses the feature only through Berth's secure defaults. */
export function isDefaultOnly(entry: PortabilityEntry): boolean {
  return entry.byDefault !== undefined && entry.byDefault.length === entry.nodes.length;
}

/** The ids of the row's nodes that set the feature themselves, in graph order. */
export function explicitNodes(entry: PortabilityEntry): readonly string[] {
  const byDefault = entry.byDefault;
  return byDefault === undefined ? entry.nodes : entry.nodes.filter((n) => !byDefault.includes(n));
}

/** True when the row fails the check unless acknowledged: a node sets a degraded or unsupported feature. */
export function entryFails(entry: PortabilityEntry): boolean {
  return failsCheck(entry.support) && !isDefaultOnly(entry);
}

/** Outcome of matching one use against the stack's acknowledgements. */
export type AcknowledgementOutcome =
  | { readonly kind: "none" }
  | { readonly kind: "applied"; readonly acknowledgement: Acknowledgement }
  | { readonly kind: "ignored"; readonly note: string };

/**
 * The acknowledgement covering `feature` on `node`: node (or enclosing component) ones win over
 * stack-wide ones; an expired one does not count; `waiversDisabled` turns them all off.
 */
export function resolveAcknowledgement(stack: StackSpec, feature: Feature, node: string, now: Date): AcknowledgementOutcome {
  const subject = { rule: `portability.${feature}`, node };
  const candidates = stack.suppressions
    .filter((a) => waiverMatches(a, subject))
    .sort((a, b) => Number(a.node === undefined) - Number(b.node === undefined));
  if (candidates.length === 0) return { kind: "none" };
  if (stack.waiversDisabled) return { kind: "ignored", note: "acknowledgement ignored: waivers are disabled for this stack" };
  const valid = candidates.find((a) => !waiverExpired(a, now));
  if (valid) return { kind: "applied", acknowledgement: valid };
  return { kind: "ignored", note: `acknowledgement expired on ${candidates[0]!.expires}` };
}

function info(a: Acknowledgement): AcknowledgementInfo {
  return { reason: a.reason, ...(a.owner ? { owner: a.owner } : {}), ...(a.expires ? { expires: a.expires } : {}) };
}

/**
 * The portability report of `graph` on `target` (default: the stack's own target): one entry per
 * feature the graph uses, in FEATURES order.
 */
export function portabilityReport(graph: Graph, target: TargetKind, options: PortabilityOptions): PortabilityReport {
  const now = options.now ?? new Date();
  const table = options.table;
  const used = featureNodes(graph);
  const entries = FEATURES.filter((f) => used.has(f)).map((feature): PortabilityEntry => {
    const { nodes, byDefault } = used.get(feature)!;
    const { support, note, asDefault } = table[feature];
    const base: PortabilityEntry = {
      feature,
      support,
      note,
      nodes,
      ...(byDefault.length > 0 ? { byDefault } : {}),
      ...(asDefault !== undefined && failsCheck(support) ? { asDefault } : {}),
    };
    if (!failsCheck(support)) return base;
    const outcomes = explicitNodes(base).map((n) => resolveAcknowledgement(graph.stack, feature, n, now));
    const first = outcomes[0];
    if (first?.kind === "applied" && outcomes.every((o) => o.kind === "applied")) return { ...base, acknowledged: info(first.acknowledgement) };
    return base;
  });
  return { stack: graph.stack.name, target, entries };
}

/**
 * Findings for the degraded and unsupported rows of `report`: one per node that sets the feature
 * itself (uses of Berth's defaults never fail), rule `portability.<feature>`, severity error,
 * carrying `suppressed` when acknowledged in code and `waiverIgnored` when an acknowledgement
 * exists but no longer applies.
 */
export function portabilityFindings(report: PortabilityReport, graph: Graph, now: Date = new Date()): Finding[] {
  const failing = new Map(report.entries.filter(entryFails).map((e) => [e.feature, e]));
  // Nothing set explicitly is degraded or unsupported: no findings, and no need to walk the graph again.
  if (failing.size === 0) return [];
  const uses = featuresUsed(graph).flatMap((u) => (failing.has(u.feature) ? u.uses.filter((x) => x.explicit) : []));
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  return uses.map((use) => toFinding(use, failing.get(use.feature)!, report.target, graph, nodes.get(use.node)!, now));
}

function toFinding(use: FeatureUse, entry: PortabilityEntry, target: TargetKind, graph: Graph, node: GraphNode, now: Date): Finding {
  const name = node.id.split("/").pop()!;
  const subject = `${node.construct} '${name}'`;
  const acknowledge = `accept the difference on ${target} in code with stack.portability.acknowledge("${use.feature}", { on, reason })`;
  const base: Finding = {
    rule: `portability.${use.feature}`,
    severity: "error",
    path: node.path,
    node: node.id,
    field: use.field,
    found: use.found,
    // A construct kind (a Job, a SwarmService) is not a field the program set: say what it is.
    message:
      use.field === "kind"
        ? `${subject} is a ${use.found}, and ${use.feature} is ${entry.support} on ${target}: ${entry.note}.`
        : `${subject} sets ${use.field} (${use.found}); ${use.feature} is ${entry.support} on ${target}: ${entry.note}.`,
    why:
      entry.support === "unsupported"
        ? `${target} has no such setting: it would be dropped or rejected, and the stack would not run as written.`
        : `${target} offers something close that behaves differently from what the program says.`,
    fix:
      entry.asDefault !== undefined
        ? `Remove ${use.field} from ${subject} to leave it to Berth's default (on ${target}: ${entry.asDefault}), or ${acknowledge}.`
        : `Remove ${use.field} from ${subject} where you can, or ${acknowledge}; berth check --all-targets shows where it is honoured.`,
  };
  const outcome = resolveAcknowledgement(graph.stack, use.feature, use.node, now);
  if (outcome.kind === "applied") return { ...base, suppressed: info(outcome.acknowledgement) };
  if (outcome.kind === "ignored") return { ...base, waiverIgnored: outcome.note };
  return base;
}
