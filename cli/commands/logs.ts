import type { Command } from "commander";
import { logs } from "../../providers/docker/engine/engine.ts";
import { followWorkloadLogs, type LogLine } from "../../providers/docker/engine/follow.ts";
import { openSession } from "../../providers/docker/engine/session.ts";
import { logsSwarm, openSwarmSession } from "../../providers/swarm/engine.ts";
import { followSwarmLogs } from "../../providers/swarm/engine/follow.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, run } from "../output.ts";

/** `berth logs <stackdir> <service> [--tail N] [--follow]`: a workload's log lines. */
export function register(program: Command): void {
  program
    .command("logs")
    .description("print the last log lines of a service, container or job")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .argument("<service>", "workload id (Shop/web) or name (shop-web)")
    .option("--tail <n>", "lines per container", (v) => Number(v), 100)
    .option("-f, --follow", "keep printing new lines until the containers stop (Ctrl-C ends it)")
    .option("--json", "machine-readable output (with --follow: one JSON object per line)")
    .action((dir: string, service: string, opts: { tail: number; follow?: boolean; json?: boolean }) =>
      run(async () => {
        const { graph, stack, dir: abs } = await loadStack(dir);
        const config = (k: string) => stack.config.get(k);
        let text: string;
        if (graph.stack.target.kind === "swarm") {
          const w = openSwarmSession(graph, abs, config, { resolveSecrets: false });
          if (opts.follow) return followSwarmLogs(w.client, w.graph, service, opts.tail, printLine(opts));
          text = await logsSwarm(w.client, w.graph, service, opts.tail);
        } else {
          const s = openSession(graph, abs, config);
          if (opts.follow) return followWorkloadLogs(s.client, s.graph, service, opts.tail, printLine(opts));
          text = await logs(s.client, s.graph, service, opts.tail);
        }
        if (opts.json) outJson({ ok: true, lines: text === "" ? [] : text.split("\n") });
        else if (text !== "") out(text);
      }, opts),
    );
}

/**
 * How a followed line is printed: as a JSON object per line, or as text, prefixed with its
 * container when the workload has several (as `logs` without --follow does).
 */
function printLine(opts: { json?: boolean }): (line: LogLine, many: boolean) => void {
  return (line, many) => {
    if (opts.json) process.stdout.write(`${JSON.stringify(line)}\n`);
    else out(many ? `${line.container} | ${line.text}` : line.text);
  };
}
