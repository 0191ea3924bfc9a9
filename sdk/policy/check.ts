/**
 * The policy engine: runs every rule that applies to the stack's profile and target over the
 * portable graph, collects every finding before anyone fails, and applies waivers.
 */
import type { LockFile } from "../config/lock-file.ts";
import type { Graph, GraphNode } from "../graph/schema.ts";
import { appliesTo, isMandatory, severityOf } from "./profiles.ts";
import { BUILTIN_RULES, ruleTable, type RuleTable } from "./registry.ts";
import { resolveWaiver } from "./suppressions.ts";
import type { Finding, Rule, RuleContext, Violation } from "./types.ts";

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
   * Rules run in addition to the built-in table, e.g. target rules (POLICY.md "target") that
   * read `ctx.lowered`. Same profile, target, waiver and ordering semantics as built-ins.
   * @default []
   */
  readonly extraRules?: readonly Rule[];
  /**
   * The lowered target graph, handed to rules as `ctx.lowered`. Target rules run on the
   * portable node they belong to (so paths and waivers stay stable) and read the lowered form
   * from here. @default - none
   */
  readonly lowered?: unknown;
  /** Replaces the built-in rules (tests, tools). @default - every built-in rule */
  readonly rules?: readonly Rule[];
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
}

/** The context rules see for one graph. */
export function ruleContext(graph: Graph, options: CheckOptions = {}): RuleContext {
  return {
    graph,
    nodes: new Map(graph.nodes.map((n) => [n.id, n])),
    target: graph.stack.target.kind,
    profile: graph.stack.profile,
    ...(options.lock ? { lock: options.lock } : {}),
    ...(options.stackDir !== undefined ? { stackDir: options.stackDir } : {}),
    env: options.env ?? process.env,
    now: options.now ?? new Date(),
    ...(options.lowered !== undefined ? { lowered: options.lowered } : {}),
  };
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
  const rules = [...(options.rules ?? BUILTIN_RULES), ...(options.extraRules ?? [])];
  const table = ruleTable(rules);
  const findings: Finding[] = [];
  const active = (r: Rule) => severityOf(r, ctx.profile) !== undefined && appliesTo(r, ctx.target);
  for (const rule of table.get("stack") ?? []) {
    if (active(rule)) for (const v of guarded(rule, undefined, ctx)) findings.push(toFinding(rule, v, undefined, ctx));
  }
  for (const node of graph.nodes) {
    for (const rule of table.get(node.spec.kind) ?? []) {
      if (active(rule)) for (const v of guarded(rule, node, ctx)) findings.push(toFinding(rule, v, node, ctx));
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
  return { findings: unique, errors, warnings, suppressed };
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

function toFinding(rule: Rule, v: Violation, scanned: GraphNode | undefined, ctx: RuleContext): Finding {
  const node = v.node ?? scanned;
  const mandatory = isMandatory(rule, ctx.profile);
  const base: Finding = {
    rule: rule.id,
    severity: severityOf(rule, ctx.profile)!,
    path: node?.path ?? ctx.graph.stack.name,
    ...(node ? { node: node.id } : {}),
    field: v.field,
    found: v.found,
    message: v.message,
    why: rule.why,
    fix: v.fix ?? rule.fix,
    ...(mandatory ? { waivable: false } : {}),
  };
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
  const keys: [string | number, string | number][] = [
    [a.path, b.path],
    [order.get(a.rule) ?? Number.MAX_SAFE_INTEGER, order.get(b.rule) ?? Number.MAX_SAFE_INTEGER],
    [a.rule, b.rule],
    [a.field, b.field],
    [a.found, b.found],
    [a.message, b.message],
  ];
  for (const [x, y] of keys) if (x !== y) return x < y ? -1 : 1;
  return 0;
}
