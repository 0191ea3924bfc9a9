import type { Command } from "commander";
import type { ProgressEvent } from "../../providers/docker/engine/apply.ts";
import { up } from "../../providers/docker/engine/engine.ts";
import { hasChanges } from "../../providers/docker/engine/plan.ts";
import { progressReporter } from "../../providers/docker/engine/progress.ts";
import { openSession } from "../../providers/docker/engine/session.ts";
import { EngineClient } from "../../providers/docker/engine/client.ts";
import type { DockerContainerNode } from "../../providers/docker/target.ts";
import type { SwarmServiceNode } from "../../providers/swarm/target.ts";
import { checkGraph } from "../../sdk/policy/check.ts";
import { formatFinding } from "../../sdk/policy/format.ts";
import { portabilityFindings, portabilityReport } from "../../sdk/portability/report.ts";
import { formatPortabilityFinding } from "../../sdk/portability/format.ts";
import { dockerPolicyRules } from "../../providers/docker/rules.ts";
import { EXIT } from "../exit-codes.ts";
import { loadStack } from "../load-stack.ts";
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
    .action((dir: string, opts: { parallelism: number; timeout: number; lockTimeout: number; json?: boolean }) =>
      run(async () => {
        // Most stacks deploy to the local engine: ask it for /info (dockerd takes ~50 ms to answer)
        // while the stack program loads. Unused when the stack names another endpoint.
        const early = new EngineClient();
        early.info().catch(() => undefined);
        const { graph, stack, lock, dir: abs } = await loadStack(dir);
        if (graph.stack.target.kind === "swarm") {
          // Loaded only for swarm stacks: a Docker host run does not pay for the swarm engine.
          const { openSwarmSession, swarmHasChanges, upSwarm } = await import("../../providers/swarm/engine.ts");
          const w = openSwarmSession(graph, abs, (k) => stack.config.get(k));
          const now = new Date();
          const policy = checkGraph(graph, { now, stackDir: abs, lowered: w.graph, ...(lock ? { lock } : {}) });
          const portable = portabilityFindings(portabilityReport(graph, "swarm", { now }), graph, now);
          const blocking = [...policy.findings, ...portable].filter((f) => !f.suppressed && f.severity === "error");
          if (blocking.length) {
            if (opts.json) outJson({ ok: false, findings: blocking });
            else process.stderr.write(`${[...policy.findings.filter((f) => blocking.includes(f)).map(formatFinding), ...portable.filter((f) => blocking.includes(f)).map(formatPortabilityFinding)].join("\n\n")}\n\nberth up: ${blocking.length} error(s) from \`berth check\`; nothing was applied.\n`);
            return EXIT.findings;
          }
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
        const s = openSession(graph, abs, (k) => stack.config.get(k), early);
        // The pipeline's gate: policy and portability errors stop here, before anything is applied.
        const now = new Date();
        const { NCPU } = await s.client.info();
        const policy = checkGraph(graph, { now, stackDir: abs, lowered: s.graph, extraRules: dockerPolicyRules({ engineCpus: NCPU }), ...(lock ? { lock } : {}) });
        const portable = portabilityFindings(portabilityReport(graph, graph.stack.target.kind, { now }), graph, now);
        const blocking = [...policy.findings, ...portable].filter((f) => !f.suppressed && f.severity === "error");
        if (blocking.length) {
          if (opts.json) outJson({ ok: false, findings: blocking });
          else process.stderr.write(`${[...policy.findings.filter((f) => blocking.includes(f)).map(formatFinding), ...portable.filter((f) => blocking.includes(f)).map(formatPortabilityFinding)].join("\n\n")}\n\nberth up: ${blocking.length} error(s) from \`berth check\`; nothing was applied.\n`);
          return EXIT.findings;
        }
        const events: ProgressEvent[] = [];
        const report = opts.json ? (e: ProgressEvent) => void events.push(e) : progressReporter(process.stdout.isTTY ? "tty" : "plain", (l) => process.stdout.write(l));
        const r = await up(s.client, s.graph, s.sources, {
          parallelism: opts.parallelism,
          timeoutMs: opts.timeout * 1000,
          onEvent: report,
          lock: { timeoutMs: opts.lockTimeout * 1000, onWait: (h) => !opts.json && process.stderr.write(`waiting for another berth run on '${s.graph.stack}' (pid ${h.pid}: ${h.command})...\n`) },
        });
        const endpoints = s.graph.nodes
          .filter((n): n is DockerContainerNode => n.kind === "docker.container")
          .flatMap((n) => Object.values(n.create.HostConfig.PortBindings).flat().map((b) => `${n.name}: http://${b.HostIp === "0.0.0.0" ? "127.0.0.1" : b.HostIp}:${b.HostPort}`));
        if (opts.json) outJson({ ok: true, changed: hasChanges(r.plan), plan: r.plan, events, endpoints });
        else {
          out(hasChanges(r.plan) ? `'${s.graph.stack}' is up: ${r.result.applied} changed, ${r.result.unchanged} unchanged.` : `No changes: '${s.graph.stack}' is up to date.`);
          for (const e of endpoints) out(`  ${e}`);
        }
      }, opts),
    );
}
