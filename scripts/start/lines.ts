/** Runs a child process and hands its stdout to a callback one line at a time, as it comes. */
import { spawn, type SpawnOptions } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Spawns `command`, calls `onLine` for each stdout line while it runs (so progress shows up
 * live), lets stderr through to ours, and resolves with the exit code (a signal counts as 1).
 */
export function runLines(command: string, args: readonly string[], options: SpawnOptions, onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "inherit"] });
    createInterface({ input: child.stdout! }).on("line", onLine);
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}
