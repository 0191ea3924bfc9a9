import type { Command } from "commander";
import type { ProgressEvent } from "../../providers/docker/engine/apply.ts";
import { up } from "../../providers/docker/engine/engine.ts";
import { progressReporter } from "../../providers/docker/engine/progress.ts";
import { openSession } from "../../providers/docker/engine/session.ts";
import { EngineClient } from "../../providers/docker/engine/client.ts";
import type { SwarmServiceNode } from "../../providers/swarm/target.ts";
import { checkGraph } from "../../sdk/policy/check.ts";
import { formatFinding } from "../../sdk/policy/format.ts";
import type { Rule } from "../../sdk/policy/types.ts";
import { portabilityFindings, portabilityReport } from "../../sdk/portability/report.ts";
import { formatPortabilityFinding } from "../../sdk/portability/format.ts";
import { dockerPolicyRules } from "../../providers/docker/rules.ts";
import { EXIT } from "../exit-codes.ts";
import { loadStack, type LoadedStack } from "../load-stack.ts";
import { dropUpCache } from "../up-cache/record.ts";
import { recordUpCache } from "../up-cache/recorder.ts";
import { trackInputs, type InputTracker, type TrackedInputs } from "../up-cache/track.ts";
import { reportUp } from "../up-report.ts";
import { out, outJson, run } from "../output.ts";

/** `berth up <stackdir>`: deploy the stack to its Docker host with Berth's engine. */
export function register(program: Command): void {
  program
    .command("up")
    .description("deploy a stack to its Docker host (Berth's engine; a second run changes nothing)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--parallelism <n>", "mutating operations at once", (v) => Number(v), 4)
    .option("--timeout <seconds>", "wait at most this long for a container to run or be healthy", (v) => Number(v), 120)
    .option("--lock-timeout <seconds>", "wait at most this long for another run on the stack", (v) => Number(v), 120)
    .option("--json", "machine-readable output")
    .action((dir: string, opts: UpOptions) =>
      run(async () => {
        // Most stacks deploy to the local engine: ask it for /info (dockerd takes ~50 ms to answer)
        // while the stack program loads. Unused when the stack names another endpoint.
        const early = new EngineClient();
        early.info().catch(() => undefined);
        // Read before recording starts: the record's validUntil stands for the gate's clock.
        const now = new Date();
        // What the program, lowering and the gate read is recorded, so that a later no-op `up`
        // can skip all three while none of it changed (cli/up-cache/).
        let tracker: InputTracker | undefined;
        const stopTracking = (): TrackedInputs | undefined => {
          const inputs = tracker?.stop();
          tracker = undefined;
          return inputs;
        };
        try {
          const loaded = await loadStack(dir, { beforeRun: () => void (process.env.BERTH_CACHE !== "off" && (tracker = trackInputs())) });
          if (loaded.graph.stack.target.kind === "swarm") {
            stopTracking();
            return await upSwarmStack(loaded, now, opts);
          }
          const s = openSession(loaded.graph, loaded.dir, (k) => loaded.stack.config.get(k), early);
          // The pipeline's gate: policy and portability errors stop here, before anything is applied.
          const info = () => s.client.info();
          const engineCpus = (await (tracker ? tracker.unrecorded(info) : info())).NCPU;
          const blocked = gate(loaded, s.graph, now, dockerPolicyRules({ engineCpus }), opts);
          const inputs = stopTracking();
          if (blocked !== undefined) {
            dropUpCache(loaded.dir);
            return blocked;
          }
          if (inputs) recordUpCache({ loaded, graph: s.graph, inputs, engineCpus, now });
          const events: ProgressEvent[] = [];
          const report = opts.json ? (e: ProgressEvent) => void events.push(e) : progressReporter(process.stdout.isTTY ? "tty" : "plain", (l) => process.stdout.write(l));
          const r = await up(s.client, s.graph, s.sources, {
            parallelism: opts.parallelism,
            timeoutMs: opts.timeout * 1000,
            onEvent: report,
            lock: { timeoutMs: opts.lockTimeout * 1000, onWait: (h) => !opts.json && process.stderr.write(`waiting for another berth run on '${s.graph.stack}' (pid ${h.pid}: ${h.command})...\n`) },
          });
          reportUp(s.graph, r.plan, r.result, events, opts.json);
          return EXIT.ok;
        } finally {
          // A program or gate that throws must not leave Node's modules wrapped.
          stopTracking();
        }
      }, opts),
    );
}

/** `berth up`'s options. */
interface UpOptions {
  readonly parallelism: number;
  readonly timeout: number;
  readonly lockTimeout: number;
  readonly json?: boolean;
}

/**
 * Policy and portability errors stop the run before anything is applied: prints them and
 * returns the exit code, or returns undefined when nothing blocks.
 */
function gate(loaded: LoadedStack, lowered: unknown, now: Date, extraRules: readonly Rule[], opts: UpOptions): number | undefined {
  const { graph, lock, dir } = loaded;
  const policy = checkGraph(graph, { now, stackDir: dir, lowered, extraRules, ...(lock ? { lock } : {}) });
  const portable = portabilityFindings(portabilityReport(graph, graph.stack.target.kind, { now }), graph, now);
  const blocking = [...policy.findings, ...portable].filter((f) => !f.suppressed && f.severity === "error");
  if (!blocking.length) return undefined;
  if (opts.json) outJson({ ok: false, findings: blocking });
  else {
    const text = [...policy.findings.filter((f) => blocking.includes(f)).map(formatFinding), ...portable.filter((f) => blocking.includes(f)).map(formatPortabilityFinding)];
    process.stderr.write(`${text.join("\n\n")}\n\nberth up: ${blocking.length} error(s) from \`berth check\`; nothing was applied.\n`);
  }
  return EXIT.findings;
}

/** `up` for a swarm stack, through the swarm engine (loaded only for swarm stacks). */
async function upSwarmStack(loaded: LoadedStack, now: Date, opts: UpOptions): Promise<number> {
  const { openSwarmSession, swarmHasChanges, upSwarm } = await import("../../providers/swarm/engine.ts");
  const w = openSwarmSession(loaded.graph, loaded.dir, (k) => loaded.stack.config.get(k));
  const blocked = gate(loaded, w.graph, now, [], opts);
  if (blocked !== undefined) return blocked;
  const events: ProgressEvent[] = [];
  const report = opts.json ? (e: ProgressEvent) => void events.push(e) : progressReporter(process.stdout.isTTY ? "tty" : "plain", (l) => process.stdout.write(l));
  const r = await upSwarm(w.client, w.graph, w.sources, {
    parallelism: opts.parallelism,
    // A rolling update waits for every task in turn: allow at least 180 s.
    timeoutMs: Math.max(opts.timeout, 180) * 1000,
    onEvent: report,
    lock: { timeoutMs: opts.lockTimeout * 1000, onWait: (h) => !opts.json && process.stderr.write(`waiting for another berth run on '${w.graph.stack}' (pid ${h.pid}: ${h.command})...\n`) },
  });
  const endpoints = w.graph.nodes
    .filter((n): n is SwarmServiceNode => n.kind === "swarm.service")
    .flatMap((n) => n.spec.EndpointSpec.Ports.map((p) => `${n.name}: http://127.0.0.1:${p.PublishedPort} (${p.PublishMode})`));
  if (opts.json) outJson({ ok: true, changed: swarmHasChanges(r.plan), plan: r.plan, events, endpoints });
  else {
    out(swarmHasChanges(r.plan) ? `'${w.graph.stack}' is up: ${r.result.applied} changed, ${r.result.unchanged} unchanged.` : `No changes: '${w.graph.stack}' is up to date.`);
    for (const e of endpoints) out(`  ${e}`);
  }
  return EXIT.ok;
}
