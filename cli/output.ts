import { BerthError, formatIssue } from "../sdk/core/errors.ts";
import { EXIT } from "./exit-codes.ts";

/** Global output options every command accepts. */
export interface OutputOptions {
  readonly json?: boolean;
}

/** Writes a line to stdout. */
export function out(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/**
 * Writes a progress or diagnostic line to stderr, so stdout stays the command's output (a graph,
 * a report, JSON) and can be piped.
 */
export function progress(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** Writes a JSON document to stdout. */
export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Resolves once stdout has handed everything written to it to the OS: a pipe takes 64 KiB at a
 * time, and `process.exit` drops what is still queued (a large `berth schema` or `synth`).
 */
function flushed(): Promise<void> {
  return new Promise((ok) => (process.stdout.writableLength === 0 ? ok() : process.stdout.write("", () => ok())));
}

/**
 * Runs a command body and maps failures to exit codes: user errors print their issues (no
 * stack trace) and exit 1; anything else is a bug and prints its stack.
 */
export async function run(body: () => Promise<number | void>, opts: OutputOptions = {}): Promise<never> {
  try {
    const code = (await body()) ?? EXIT.ok;
    await flushed();
    process.exit(code);
  } catch (e) {
    if (e instanceof BerthError) {
      if (opts.json) outJson({ ok: false, issues: e.issues });
      else process.stderr.write(`${e.issues.map(formatIssue).join("\n\n")}\n`);
      process.exit(EXIT.failed);
    }
    process.stderr.write(`berth: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(EXIT.failed);
  }
}
