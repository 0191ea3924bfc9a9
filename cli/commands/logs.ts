import type { Command } from "commander";
import { openEngineSession } from "../../providers/registry.ts";
import type { OnLogLine } from "../../providers/shared/provider.ts";
import { stackInput } from "../gate.ts";
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
    .option("-f, --follow", "keep printing new lines until the workload stops (Ctrl-C ends it)")
    .option("--json", "machine-readable output (with --follow: one JSON object per line)")
    .action((dir: string, service: string, opts: { tail: number; follow?: boolean; json?: boolean }) =>
      run(async () => {
        const session = openEngineSession(stackInput(await loadStack(dir)), "logs", { resolveSecrets: false });
        if (opts.follow) return session.follow(service, opts.tail, printLine(opts));
        const text = await session.logs(service, opts.tail);
        if (opts.json) outJson({ ok: true, lines: text === "" ? [] : text.split("\n") });
        else if (text !== "") out(text);
      }, opts),
    );
}

/**
 * How a followed line is printed: as a JSON object per line, or as text, prefixed with its
 * container when the workload has several (as `logs` without --follow does).
 */
function printLine(opts: { json?: boolean }): OnLogLine {
  return (line, many) => {
    if (opts.json) process.stdout.write(`${JSON.stringify(line)}\n`);
    else out(many ? `${line.container} | ${line.text}` : line.text);
  };
}
