import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireStackLock } from "../../../providers/shared/engine/file-lock.ts";
import { BerthError } from "../../../sdk/core/errors.ts";

const dirs: string[] = [];
function lockPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-lock-"));
  dirs.push(dir);
  return join(dir, "s.lock");
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("the per-stack lock", () => {
  it("makes a second run wait and then fail clearly while the first holds the lock", async () => {
    const path = lockPath();
    const first = await acquireStackLock(path, "s", "berth up");
    let waitedFor: number | undefined;
    const err = await acquireStackLock(path, "s", "berth up", { timeoutMs: 300, onWait: (h) => (waitedFor = h.pid) }).catch((e: unknown) => e);
    expect(waitedFor).toBe(process.pid);
    expect(err).toBeInstanceOf(BerthError);
    expect((err as BerthError).code).toBe("engine.locked");
    expect((err as BerthError).issues[0]!.message).toBe(`Stack 's' is being changed by another berth run (pid ${process.pid}: berth up); gave up waiting.`);
    first.release();
    const second = await acquireStackLock(path, "s", "berth down", { timeoutMs: 300 });
    expect(JSON.parse(readFileSync(path, "utf8")).command).toBe("berth down");
    second.release();
    expect(existsSync(path)).toBe(false);
  });

  it("takes over a lock left by a process that no longer exists", async () => {
    const path = lockPath();
    const { hostname } = await import("node:os");
    writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: "2026-01-01T00:00:00.000Z", command: "berth up" }));
    const lock = await acquireStackLock(path, "s", "berth up", { timeoutMs: 300 });
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });
});
