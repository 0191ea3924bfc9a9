/**
 * The stack lock as a local file (one implementation of stack-lock.ts): a lock file created
 * with O_EXCL holding the owner's pid, so two `up`s on one stack never interleave. A lock whose process is gone (a killed run) is taken over.
 * It guards runs on this machine; runs from two machines against one remote engine would need
 * a lock object in the engine itself.
 */
import { hostname } from "node:os";
import { linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, closeSync } from "node:fs";
import { dirname } from "node:path";
import { BerthError } from "../../../sdk/core/errors.ts";
import type { LockHolder, StackLock, StackLockOptions } from "./stack-lock.ts";

/** Options of {@link acquireStackLock}. */
export type LockOptions = StackLockOptions;
export type { LockHolder };

/** A held lock file; release it when done (it is also released when the process exits). */
export interface FileStackLock extends StackLock {
  readonly path: string;
}

/** Takes the lock at `path`, waiting while a live process holds it. */
export async function acquireStackLock(path: string, stack: string, command: string, options: LockOptions = {}): Promise<FileStackLock> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
  const text = JSON.stringify(me);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let told = false;
  for (;;) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, text);
      closeSync(fd);
      const release = () => {
        try {
          if (readFileSync(path, "utf8") === text) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
        process.off("exit", release);
      };
      process.on("exit", release);
      return { path, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = readHolder(path);
    if (holder && !alive(holder)) {
      takeOverStale(path, holder.raw);
      continue;
    }
    if (holder && !told) {
      told = true;
      options.onWait?.(holder.value);
    }
    if (Date.now() > deadline) {
      const h = holder?.value;
      throw new BerthError({
        code: "engine.locked",
        path: stack,
        field: "lock",
        found: h ? `pid ${h.pid} on ${h.host} (${h.command}, since ${h.since})` : path,
        message: `Stack '${stack}' is being changed by another berth run${h ? ` (pid ${h.pid}: ${h.command})` : ""}; gave up waiting.`,
        fix: `wait for it to finish and run again; if no berth process is running, remove ${path}`,
      });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function readHolder(path: string): { raw: string; value: LockHolder } | undefined {
  try {
    const raw = readFileSync(path, "utf8");
    return { raw, value: JSON.parse(raw) as LockHolder };
  } catch {
    // Being written or removed right now: look again on the next round.
    return undefined;
  }
}

function alive(h: { value: LockHolder }): boolean {
  if (h.value.host !== hostname()) return true;
  try {
    process.kill(h.value.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes a stale lock without removing a fresh one another process may have just created:
 * move it aside atomically, and put it back if it was not the stale one.
 */
function takeOverStale(path: string, staleText: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = readFileSync(aside, "utf8");
  if (moved !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // A third run created a lock meanwhile; it holds the stack now.
    }
  }
  unlinkSync(aside);
}
