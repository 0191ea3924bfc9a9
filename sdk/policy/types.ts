import type { RuleId } from "../core/rule-ids.ts";
import type { LockFile } from "../config/lock-file.ts";
import type { Graph, GraphNode, NodeKind, TargetKind } from "../graph/schema.ts";

/** Severity of a finding after the profile is applied. */
export type Severity = "error" | "warning";
/** A rule's setting in one profile: E fails, W warns, - off. */
export type Level = "E" | "W" | "-";

/** One policy finding, in the shape of the message format (docs/policy.md, "Message format"). */
export interface Finding {
  readonly rule: RuleId | `portability.${string}`;
  readonly severity: Severity;
  /** Construct path, e.g. `shop/Shop/web`. */
  readonly path: string;
  /** Node id, e.g. `Shop/web` (absent for stack-wide findings). */
  readonly node?: string;
  /** Field path in the node or props, e.g. `resources.memoryBytes`. */
  readonly field: string;
  /** The value found, rendered. Secrets show as `[secret:name]`. */
  readonly found: string;
  /** One-line statement of the problem. */
  readonly message: string;
  readonly why: string;
  readonly fix: string;
  /** Present when a waiver covers this finding. */
  readonly suppressed?: { readonly reason: string; readonly owner?: string; readonly expires?: string };
  /** Present when a waiver existed but no longer applies (expired, mandatory, or all disabled). */
  readonly waiverIgnored?: string;
  /** False when the rule is mandatory in the stack's profile (no Waive line is offered). @default true */
  readonly waivable?: boolean;
}

/** What a rule reports; the engine adds rule id, severity, path and waivers. */
export interface Violation {
  /** The node at fault (absent for stack-wide findings). */
  readonly node?: GraphNode;
  readonly field: string;
  readonly found: string;
  readonly message: string;
  /** Overrides the rule's fix for this violation. */
  readonly fix?: string;
}

/** What every rule sees. */
export interface RuleContext {
  readonly graph: Graph;
  /** Nodes by id. */
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly target: TargetKind;
  readonly profile: "dev" | "prod";
  /** `berth.lock`, when the caller has one (image.lock-fresh is skipped without it). */
  readonly lock?: LockFile;
  /** The stack directory, for rules that read build contexts or secret files. */
  readonly stackDir?: string;
  /** The deploying process's environment (secret.refs-resolve). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The time waivers and time-based rules are judged against. */
  readonly now?: Date;
  /**
   * The lowered target graph, when the caller lowered one (`CheckOptions.target.lowered`). Its
   * shape belongs to the target's lowering; target rules narrow it.
   */
  readonly lowered?: unknown;
  /** Facts about where the target deploys (`CheckOptions.target.facts`), e.g. the engine's CPU count. */
  readonly facts?: TargetFacts;
}

/**
 * Facts only the deploy target can know, by name (`engineCpus`: the Docker engine's CPU count).
 * A fact that is absent or undefined is unknown: the rules that need it are skipped with a note.
 */
export type TargetFacts = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * What a rule needs from the caller beyond the portable graph. A rule whose needs are not met
 * is skipped, and `CheckResult.skipped` says why, instead of the rule guessing or throwing.
 */
export interface RuleNeeds {
  /** The lowered target graph (`ctx.lowered`). A rule that needs it is a target rule. */
  readonly lowered?: boolean;
  /** Facts by name (`ctx.facts`), each with what it is in words: `{ engineCpus: "the Docker engine's CPU count" }`. */
  readonly facts?: Readonly<Record<string, string>>;
}

/** A policy rule: a small pure function registered in the table by node kind. */
export interface Rule {
  readonly id: RuleId;
  /** Node kinds it runs on; `stack` runs once per graph. */
  readonly on: readonly (NodeKind | "stack")[];
  /** Targets it applies to; skipped elsewhere, because the setting it checks does not exist there. */
  readonly targets: readonly TargetKind[];
  readonly dev: Level;
  readonly prod: Level;
  /** Cannot be suppressed in the prod profile (marked M in docs/policy.md). */
  readonly mandatory: boolean;
  /** What it checks, in one line without a final period (docs/policy.md's catalogue). */
  readonly summary: string;
  readonly why: string;
  readonly fix: string;
  /** What it needs beyond the portable graph. @default - nothing: it runs on every check */
  readonly needs?: RuleNeeds;
  /** Returns violations for one node (or, for `stack`, for the whole graph). */
  readonly check: (node: GraphNode | undefined, ctx: RuleContext) => readonly Violation[];
}
