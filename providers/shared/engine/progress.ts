/**
 * Progress output for engine runs: one line per node event. On a terminal, coloured symbols;
 * elsewhere (CI), plain lines; machines get `--json` documents instead (collected by the caller).
 */
import type { ProgressEvent } from "./progress-event.ts";

/** How progress is shown. */
export type ProgressMode = "tty" | "plain";

const COLOR = { green: "\u001b[32m", red: "\u001b[31m", yellow: "\u001b[33m", dim: "\u001b[2m", reset: "\u001b[0m" };

/** A reporter that writes one line per event. */
export function progressReporter(mode: ProgressMode, write: (line: string) => void): (e: ProgressEvent) => void {
  return (e) => {
    const what = `${e.op} ${e.kind.replace(/^[a-z0-9-]+\./, "")} ${e.name}`;
    const extra = e.detail ? ` (${e.detail})` : "";
    const time = e.elapsedMs !== undefined ? ` ${(e.elapsedMs / 1000).toFixed(1)}s` : "";
    if (mode === "plain") {
      write(`${what}: ${e.status}${extra}${time}\n`);
      return;
    }
    const symbol =
      e.status === "done" ? `${COLOR.green}✓${COLOR.reset}` : e.status === "failed" ? `${COLOR.red}✖${COLOR.reset}` : e.status === "waiting" ? `${COLOR.yellow}…${COLOR.reset}` : `${COLOR.dim}•${COLOR.reset}`;
    const label = e.status === "waiting" ? ` waiting until ${e.detail}` : extra;
    write(`${symbol} ${what}${e.status === "waiting" ? label : e.status === "started" ? extra : ""}${COLOR.dim}${time}${COLOR.reset}\n`);
  };
}
