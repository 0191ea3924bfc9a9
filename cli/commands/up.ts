import type { Command } from "commander";
import { providers, engineOf } from "../../providers/registry.ts";
import type { ProgressEvent } from "../../providers/shared/engine/progress-event.ts";
import { defaultParallelism } from "../../providers/shared/provider.ts";
import { progressReporter } from "../../providers/shared/engine/progress.ts";
import { EXIT } from "../exit-codes.ts";
import { printBlocked, runGate, stackInput } from "../gate.ts";
import { loadStack } from "../load-stack.ts";
import { dropUpCache } from "../up-cache/record.ts";
import { recordUpCache } from "../up-cache/recorder.ts";
import { trackInputs, type InputTracker, type TrackedInputs } from "../up-cache/track.ts";
import { reportUp } from "../up-report.ts";
import { run } from "../output.ts";

/** `berth up <stackdir>`: deploy the stack to its target with Berth's engine. */
export function register(program: Command): void {
  program
    .command("up")
    .description("deploy a stack to its target with Berth's engine (a second run changes nothing)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--parallelism <n>", "mutating operations at once (default: the target's, 4 on Docker, swarm and Kubernetes, 16 on ECS/Fargate)", (v) => Number(v))
    .option("--timeout <seconds>", "wait at most this long for a workload to run, be healthy or complete", (v) => Number(v), 120)
    .option("--lock-timeout <seconds>", "wait at most this long for another run on the stack", (v) => Number(v), 120)
    .option("--json", "machine-readable output")
    .action((dir: string, opts: UpOptions) =>
      run(async () => {
        // Engines whose platform answers slowly at first start connecting while the program loads.
        for (const p of providers()) p.engine?.warmUp?.();
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
          const { provider: target, engine } = engineOf(loaded.graph, "up");
          if (!target.upCache) stopTracking();
          let session;
          try {
            session = engine.open(stackInput(loaded));
          } catch (e) {
            // Lowering refuses what the target cannot run (a construct of another target); the
            // gate says why in its own words, so its findings come first when it has any.
            const gate = runGate(loaded, target, { lowered: null, now });
            if (gate.blocking.length === 0) throw e;
            dropUpCache(loaded.dir);
            printBlocked(gate, "up", opts.json);
            return EXIT.findings;
          }
          // The pipeline's gate: policy (portable and target rules) and portability errors stop
          // here, before anything is applied, with the same verdict `berth check` gives.
          const facts = await (tracker ? tracker.unrecorded(() => session.facts()) : session.facts());
          const gate = runGate(loaded, target, { lowered: session.lowered, facts, now });
          const inputs = stopTracking();
          if (gate.blocking.length > 0) {
            dropUpCache(loaded.dir);
            printBlocked(gate, "up", opts.json);
            return EXIT.findings;
          }
          if (inputs) recordUpCache({ loaded, target, graph: session.lowered, inputs, facts, now });
          const events: ProgressEvent[] = [];
          const report = opts.json ? (e: ProgressEvent) => void events.push(e) : progressReporter(process.stdout.isTTY ? "tty" : "plain", (l) => process.stdout.write(l));
          const outcome = await session.up({
            parallelism: opts.parallelism ?? defaultParallelism(engine),
            timeoutMs: opts.timeout * 1000,
            onEvent: report,
            lock: { timeoutMs: opts.lockTimeout * 1000, onWait: (h) => !opts.json && process.stderr.write(`waiting for another berth run on '${session.stack}' (pid ${h.pid}: ${h.command})...\n`) },
          });
          reportUp(session.stack, outcome, events, opts.json);
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
  readonly parallelism?: number;
  readonly timeout: number;
  readonly lockTimeout: number;
  readonly json?: boolean;
}
