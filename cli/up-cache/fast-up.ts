/**
 * The no-op fast path of `berth up`. When the stack's record (cli/up-cache/record.ts) shows
 * that nothing the program, lowering and the gate read has changed, the target's fast path
 * (providers/fast-noops.ts) observes and plans against the recorded graph; if the plan has
 * nothing to do, the run ends there, printing what a full run prints.
 *
 * Anything else (no record, a changed input, a change to apply, the stack lock taken, an error)
 * hands the command to the full CLI, which runs the program as usual: this path only ever
 * concludes "no changes", and it loads none of the sdk, zod or the policy rules to do so.
 */
import { resolve } from "node:path";
import { fastNoopOf } from "../../providers/fast-noops.ts";
import type { SecretSources } from "../../providers/shared/secret-values.ts";
import { reportUp } from "../up-report.ts";
import { cacheDebug, readUpCache, staleness, type UpCacheRecord } from "./record.ts";

/** The `up` options the fast path understands; anything else goes to the full CLI. */
interface FastUpArgs {
  readonly dir: string;
  readonly json: boolean;
}

/**
 * Answers `berth up <dir>` (argv in `process.argv` shape) when it is a no-op. Returns true
 * when it did (the output is written), false when the full CLI must run the command.
 */
export async function fastUp(argv: readonly string[], buildId: string): Promise<boolean> {
  const args = parseUpArgs(argv.slice(2));
  if (!args || process.env.BERTH_CACHE === "off") return false;
  try {
    return await fromRecord(args, buildId);
  } catch (e) {
    // Whatever went wrong, the full run meets it too, and reports it properly.
    cacheDebug(`miss: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

async function fromRecord(args: FastUpArgs, buildId: string): Promise<boolean> {
  const stackDir = resolve(args.dir);
  const record = readUpCache(stackDir, buildId);
  if (!record) {
    cacheDebug("miss: no record from this build of Berth");
    return false;
  }
  // As the full run sets it before the program runs (cli/load-stack.ts).
  process.env.BERTH_STACK_DIR = stackDir;
  const stale = staleness(record, Date.now());
  if (stale !== undefined) {
    cacheDebug(`miss: ${stale}`);
    return false;
  }
  const fast = fastNoopOf(record.target);
  if (!fast) {
    cacheDebug(`miss: ${record.target} stacks have no fast path`);
    return false;
  }
  const outcome = await (await fast())({ lowered: record.graph, facts: record.facts, sources: await secretSources(record), debug: cacheDebug });
  if (!outcome) return false;
  reportUp(outcome.plan.stack, outcome, [], args.json);
  cacheDebug("hit");
  return true;
}

/** Where secret file contents come from, as the full run's session has them (session.ts). */
async function secretSources(record: UpCacheRecord): Promise<SecretSources> {
  const origin = record.config;
  if (!origin) return { config: () => undefined, stackDir: record.stackDir, env: process.env };
  // Only stacks with config-sourced secrets read (and parse) their config files here.
  const { StackConfig } = await import("../../sdk/config/stack-config.ts");
  const config = StackConfig.load(origin.dir, origin.environment);
  return { config: (k) => config.get(k), stackDir: record.stackDir, env: process.env };
}

/** `up <dir>` with `--json`, `--parallelism`, `--timeout` or `--lock-timeout`, else undefined. */
function parseUpArgs(args: readonly string[]): FastUpArgs | undefined {
  if (args[0] !== "up") return undefined;
  const withValue = new Set(["--parallelism", "--timeout", "--lock-timeout"]);
  let dir: string | undefined;
  let json = false;
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--json") json = true;
    else if (withValue.has(a)) i++;
    else if (withValue.has(a.split("=")[0]!) && a.includes("=")) continue;
    else if (a.startsWith("-") || dir !== undefined) return undefined;
    else dir = a;
  }
  // An option missing its value is commander's to report.
  if (withValue.has(args[args.length - 1]!)) return undefined;
  return dir === undefined ? undefined : { dir, json };
}
