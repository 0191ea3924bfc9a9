/**
 * The pipeline's gate, one verdict for `berth check` and `berth up`: the portable policy pack,
 * the target's rules over its lowered graph and the portability report, all with the stack's
 * waivers. Errors stop `up` before anything is applied.
 */
import type { StackInput, TargetFacts, TargetProvider } from "../providers/shared/provider.ts";
import { BerthError } from "../sdk/core/errors.ts";
import { checkGraph } from "../sdk/policy/check.ts";
import { formatFinding } from "../sdk/policy/format.ts";
import type { Finding } from "../sdk/policy/types.ts";
import { formatPortabilityFinding } from "../sdk/portability/format.ts";
import { portabilityFindings, portabilityReport, type PortabilityReport } from "../sdk/portability/report.ts";
import type { LoadedStack } from "./load-stack.ts";
import { outJson } from "./output.ts";

/** What the gate judged. */
export interface GateResult {
  /** Policy findings (portable and target rules), waivers applied. */
  readonly policy: readonly Finding[];
  /** Rules that could not run here, and why (a target rule whose platform fact is unknown). */
  readonly skipped: readonly { readonly rule: string; readonly reason: string }[];
  /** Portability findings on the stack's target. */
  readonly portability: readonly Finding[];
  /** The stack's own portability report. */
  readonly report: PortabilityReport;
  /** Unsuppressed errors of both. */
  readonly blocking: readonly Finding[];
  /** Why the target's lowering refused the graph, when it did (target rules then could not run). */
  readonly loweringError?: BerthError;
}

/** Options of {@link runGate}. */
export interface GateOptions {
  /** The graph lowered for the target (target rules read it); `null` when it cannot be lowered. @default - the provider's pure lowering */
  readonly lowered?: unknown;
  /** Platform facts from an engine session; target rules that need one skip it when absent. */
  readonly facts?: TargetFacts;
  /** The clock waivers are judged against. */
  readonly now: Date;
}

/** The `StackInput` providers take, from a loaded stack. */
export function stackInput(loaded: LoadedStack): StackInput {
  return { graph: loaded.graph, dir: loaded.dir, config: (k) => loaded.stack.config.get(k) };
}

/** Runs the gate on a loaded stack for its target. */
export function runGate(loaded: LoadedStack, target: TargetProvider, options: GateOptions): GateResult {
  const { graph, lock, dir } = loaded;
  const pure = options.lowered === undefined ? lowerOrError(loaded, target) : { lowered: options.lowered ?? undefined };
  const lowered = pure.lowered;
  const policy = checkGraph(graph, {
    now: options.now,
    stackDir: dir,
    target: { rules: target.targetRules, ...(lowered !== undefined ? { lowered } : {}), ...(options.facts ? { facts: options.facts } : {}) },
    ...(lock ? { lock } : {}),
  });
  const report = portabilityReport(graph, target.kind, { now: options.now, table: target.capabilities });
  const portability = portabilityFindings(report, graph, options.now);
  const blocking = [...policy.findings, ...portability].filter((f) => !f.suppressed && f.severity === "error");
  return { policy: policy.findings, skipped: policy.skipped, portability, report, blocking, ...(pure.error ? { loweringError: pure.error } : {}) };
}

/** The provider's pure lowering, or the BerthError it refused the graph with (anything else is a bug and propagates). */
function lowerOrError(loaded: LoadedStack, target: TargetProvider): { lowered?: unknown; error?: BerthError } {
  try {
    return { lowered: target.lower?.(stackInput(loaded)) };
  } catch (e) {
    if (e instanceof BerthError) return { error: e };
    throw e;
  }
}

/** Prints why the gate stopped a command (text on stderr, or one JSON document) and names the command. */
export function printBlocked(gate: GateResult, command: string, json: boolean | undefined): void {
  if (json) {
    outJson({ ok: false, findings: gate.blocking });
    return;
  }
  const text = [
    ...gate.policy.filter((f) => gate.blocking.includes(f)).map(formatFinding),
    ...gate.portability.filter((f) => gate.blocking.includes(f)).map(formatPortabilityFinding),
  ];
  process.stderr.write(`${text.join("\n\n")}\n\nberth ${command}: ${gate.blocking.length} error(s) from \`berth check\`; nothing was applied.\n`);
}
