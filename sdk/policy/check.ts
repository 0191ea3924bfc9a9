/**
 * The policy engine: runs every rule that applies to the stack's profile and target over the
 * portable graph, collects every finding before anyone fails, and applies waivers.
 */
import type { LockFile } from "../config/lock-file.ts";
import type { Graph, GraphNode } from "../graph/schema.ts";
import { appliesTo, isMandatory, severityOf } from "./profiles.ts";
import { BUILTIN_RULES, ruleTable, type RuleTable, type RuleTarget } from "./registry.ts";
import { resolveWaiver } from "./suppressions.ts";
import type { Finding, Rule, RuleContext, Severity, TargetFacts, Violation } from "./types.ts";

/** Options of {@link checkGraph}. */
export interface CheckOptions {
  /** The time waiver expiry is judged against. @default new Date() */
  readonly now?: Date;
  /** `berth.lock` (image.lock-fresh runs only when given). @default - none */
  readonly lock?: LockFile;
  /** The stack directory, to read build contexts (build.*) and secret files. @default - rules that need it are skipped */
  readonly stackDir?: string;
  /** Environment for secret.refs-resolve (`Secret.fromEnv`). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * A target's rules, run in the same pass as the portable pack with the same profiles, waivers
   * and ordering, so a check gives one verdict wherever it runs (`berth check`, `berth up`).
   * @default - portable rules only
   */
  readonly target?: TargetRules;
  /** Replaces the built-in rules (tests, tools). @default - every built-in rule */
  readonly rules?: readonly Rule[];
}

/**
 * A target's part of a check: its rules (a plain table, e.g. `DOCKER_TARGET_RULES`), the graph
 * lowered for it, and what is known about where it deploys. Target rules run on the portable
 * node they belong to (so paths and waivers are the portable ones) and read the lowered form
 * from `ctx.lowered`.
 */
export interface TargetRules {
  /** Rules run in addition to the built-in ones; their ids must differ from them. */
  readonly rules: readonly Rule[];
  /** The graph lowered for the target. @default - rules that need it are skipped with a note */
  readonly lowered?: unknown;
  /** Facts about where the target deploys, e.g. `{ engineCpus: 8 }`. @default - unknown: rules that need one are skipped with a note */
  readonly facts?: TargetFacts;
}

/** A rule that would have run in this profile and on this target, but could not. */
export interface SkippedRule {
  readonly rule: string;
  /** Why, in words: `needs the Docker engine's CPU count (fact 'engineCpus'), which is unknown here`. */
  readonly reason: string;
}

/** Result of {@link checkGraph}. */
export interface CheckResult {
  /** Every finding, including suppressed ones, in a deterministic order. */
  readonly findings: readonly Finding[];
  /** Unsuppressed findings of severity `error`. */
  readonly errors: number;
  /** Unsuppressed findings of severity `warning`. */
  readonly warnings: number;
  /** Findings a waiver covers. */
  readonly suppressed: number;
  /** Rules that apply but did not run because something they need is unknown, in table order. */
  readonly skipped: readonly SkippedRule[];
}

/** The context rules see for one graph. */
export function ruleContext(graph: Graph, options: CheckOptions = {}): RuleContext {
  const target = targetOf(options);
  return {
    graph,
    nodes: new Map(graph.nodes.map((n) => [n.id, n])),
    target: graph.stack.target.kind,
    profile: graph.stack.profile,
    ...(options.lock ? { lock: options.lock } : {}),
    ...(options.stackDir !== undefined ? { stackDir: options.stackDir } : {}),
    env: options.env ?? process.env,
    now: options.now ?? new Date(),
    ...(target?.lowered !== undefined ? { lowered: target.lowered } : {}),
    ...(target?.facts !== undefined ? { facts: target.facts } : {}),
  };
}

/** The target part of the options. */
function targetOf(options: CheckOptions): TargetRules | undefined {
  return options.target;
}

/**
 * Runs one rule over every node of the kinds it is registered for (or once for `stack`),
 * regardless of profile and target. The building block of {@link checkGraph}; rule tests use it
 * to see a rule's raw violations.
 */
export function runRule(rule: Rule, ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  if (rule.on.includes("stack")) out.push(...rule.check(undefined, ctx));
  for (const node of ctx.graph.nodes) {
    if (rule.on.includes(node.spec.kind)) out.push(...rule.check(node, ctx));
  }
  return out;
}

/**
 * Checks a graph against the policy pack. Severity comes from the stack's profile, rules not
 * defined for the stack's target are skipped, waivers come from `graph.stack.suppressions`.
 * Never throws for findings: the caller decides what `errors > 0` means (the CLI exits 3).
 */
export function checkGraph(graph: Graph, options: CheckOptions = {}): CheckResult {
  const ctx = ruleContext(graph, options);
  const rules = [...(options.rules ?? BUILTIN_RULES), ...(targetOf(options)?.rules ?? [])];
  const table = ruleTable(rules);
  const plan = new Plan(rules, graph, ctx);
  const findings: Finding[] = [];
  for (const p of plan.active(table, "stack")) {
    for (const v of guarded(p.rule, undefined, ctx)) findings.push(toFinding(p, v, undefined, ctx));
  }
  // Indexed loops: for-of allocates an iterator result per step until the code is optimized,
  // and a check of a large graph runs every rule once per node.
  const nodes = graph.nodes;
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n]!;
    const active = plan.active(table, node.spec.kind);
    for (let r = 0; r < active.length; r++) {
      const p = active[r]!;
      const violations = guarded(p.rule, node, ctx);
      for (let i = 0; i < violations.length; i++) findings.push(toFinding(p, violations[i]!, node, ctx));
    }
  }
  const order = new Map(rules.map((r, i) => [r.id as string, i]));
  findings.sort((a, b) => compareFindings(a, b, order));
  const unique = findings.filter((f, i) => i === 0 || compareFindings(f, findings[i - 1]!, order) !== 0);
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  for (const f of unique) {
    if (f.suppressed) suppressed++;
    else if (f.severity === "error") errors++;
    else warnings++;
  }
  return { findings: unique, errors, warnings, suppressed, skipped: plan.skipped };
}

/** A rule that runs in this check, with what its findings share worked out once. */
interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly mandatory: boolean;
  /** False when no acknowledgement of the stack names the rule, so no finding of it can be waived. */
  readonly waived: boolean;
}

/**
 * Which rules run on which node kind for one graph (profile and target applied), worked out
 * once per kind rather than once per node: a graph has thousands of nodes and few kinds.
 */
class Plan {
  private readonly byKind = new Map<RuleTarget, readonly ActiveRule[]>();
  private readonly prepared = new Map<Rule, ActiveRule | undefined>();
  private readonly waivedRules: ReadonlySet<string>;
  /** Rules that apply here but whose needs are not met. */
  readonly skipped: SkippedRule[] = [];

  constructor(
    rules: readonly Rule[],
    graph: Graph,
    private readonly ctx: RuleContext,
  ) {
    this.waivedRules = new Set(graph.stack.suppressions.map((w) => w.rule));
    for (const rule of rules) this.prepared.set(rule, this.prepare(rule));
  }

  private prepare(rule: Rule): ActiveRule | undefined {
    const severity = severityOf(rule, this.ctx.profile);
    if (severity === undefined || !appliesTo(rule, this.ctx.target)) return undefined;
    const unmet = unmetNeed(rule, this.ctx);
    if (unmet !== undefined) {
      this.skipped.push({ rule: rule.id, reason: unmet });
      return undefined;
    }
    return { rule, severity, mandatory: isMandatory(rule, this.ctx.profile), waived: this.waivedRules.has(rule.id) };
  }

  /** The active rules registered for `kind`, in table order. */
  active(table: RuleTable, kind: RuleTarget): readonly ActiveRule[] {
    let list = this.byKind.get(kind);
    if (list === undefined) {
      list = (table.get(kind) ?? []).map((r) => this.prepared.get(r)).filter((p): p is ActiveRule => p !== undefined);
      this.byKind.set(kind, list);
    }
    return list;
  }
}

/** Why a rule cannot run with what the caller gave, or undefined when it can. */
export function unmetNeed(rule: Pick<Rule, "needs">, ctx: Pick<RuleContext, "lowered" | "facts">): string | undefined {
  if (rule.needs?.lowered && ctx.lowered === undefined) return "needs the graph lowered for the target, which this check was not given";
  for (const [name, what] of Object.entries(rule.needs?.facts ?? {})) {
    if (ctx.facts?.[name] === undefined) return `needs ${what} (fact '${name}'), which is unknown here`;
  }
  return undefined;
}

/**
 * Runs a rule; a rule that throws (an unreadable build context, a bug) becomes a finding of that
 * rule instead of aborting the check: fail closed, and keep every other finding.
 */
function guarded(rule: Rule, node: GraphNode | undefined, ctx: RuleContext): readonly Violation[] {
  try {
    return rule.check(node, ctx);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return [{ field: "-", found: JSON.stringify(reason), message: `Policy rule ${rule.id} could not check this: ${reason}`, fix: "fix the cause above and run the check again" }];
  }
}

function toFinding(p: ActiveRule, v: Violation, scanned: GraphNode | undefined, ctx: RuleContext): Finding {
  const { rule, mandatory } = p;
  const node = v.node ?? scanned;
  // Built key by key in the documented order (rule ... fix, waivable) without spreads: a large
  // graph has tens of thousands of findings.
  const base: { -readonly [K in keyof Finding]: Finding[K] } = node
    ? { rule: rule.id, severity: p.severity, path: node.path, node: node.id, field: v.field, found: v.found, message: v.message, why: rule.why, fix: v.fix ?? rule.fix }
    : { rule: rule.id, severity: p.severity, path: ctx.graph.stack.name, field: v.field, found: v.found, message: v.message, why: rule.why, fix: v.fix ?? rule.fix };
  if (mandatory) base.waivable = false;
  if (!p.waived) return base;
  const outcome = resolveWaiver(ctx.graph.stack, { rule: rule.id, ...(node ? { node: node.id } : {}), mandatory }, ctx.now ?? new Date());
  if (outcome.kind === "applied") {
    const w = outcome.waiver;
    return { ...base, suppressed: { reason: w.reason, ...(w.owner ? { owner: w.owner } : {}), ...(w.expires ? { expires: w.expires } : {}) } };
  }
  if (outcome.kind === "ignored") return { ...base, waiverIgnored: outcome.note };
  return base;
}

/** Path, then rule (catalogue order), then field, found and message: stable across runs. */
function compareFindings(a: Finding, b: Finding, order: ReadonlyMap<string, number>): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.rule !== b.rule) {
    const x = order.get(a.rule) ?? Number.MAX_SAFE_INTEGER;
    const y = order.get(b.rule) ?? Number.MAX_SAFE_INTEGER;
    if (x !== y) return x < y ? -1 : 1;
    return a.rule < b.rule ? -1 : 1;
  }
  if (a.field !== b.field) return a.field < b.field ? -1 : 1;
  if (a.found !== b.found) return a.found < b.found ? -1 : 1;
  if (a.message !== b.message) return a.message < b.message ? -1 : 1;
  return 0;
}
