/**
 * `berth logs --follow` against the real engine: new lines arrive as the container writes them,
 * and the command ends by itself when the container stops.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_IMAGE, BERTH_BIN, berth, docker, dockerTestFile, REPO_ROOT, uniqueStack, writeStackProgram } from "../../support/docker.ts";

const { stateDir, track } = dockerTestFile();
const stack = track(uniqueStack("follow"));
const dir = mkdtempSync(join(tmpdir(), "berth-follow-"));
const env = { BERTH_STATE_DIR: stateDir };

beforeAll(async () => {
  writeStackProgram(dir, ["DockerHost", "Image", "Service", "Size", "Stack", "StackConfig"], [
    `const stack = new Stack(${JSON.stringify(stack)}, { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });`,
    `new Service(stack, "ticker", {`,
    `  image: Image.fromRegistry(${JSON.stringify(BASE_IMAGE)}),`,
    // A line every 0.2 s (at most 600), the odd ones on stderr.
    `  command: ["sh", "-c", "i=0; while [ $i -lt 600 ]; do if [ $((i % 2)) = 1 ]; then echo tick $i >&2; else echo tick $i; fi; i=$((i+1)); sleep 0.2; done"],`,
    `  resources: { cpu: 0.1, memory: Size.mebibytes(16), pids: 16 },`,
    `  user: "1000:1000",`,
    `});`,
    `export default stack;`,
  ]);
  const up = await berth(["up", dir], env);
  expect([up.code, up.stderr]).toEqual([0, ""]);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `berth logs --follow` until `lines` lines arrived, then stops the container and waits
 * for the command to end by itself (or kills it after 30 s).
 */
async function follow(extra: readonly string[], lines: number): Promise<{ code: number | null; out: string[] }> {
  const child = spawn(process.execPath, [BERTH_BIN, "logs", dir, "ticker", "--follow", "--tail", "1", ...extra], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: string[] = [];
  let buffered = "";
  let stopping: Promise<unknown> | undefined;
  child.stdout.on("data", (d: Buffer) => {
    const parts = (buffered + d.toString()).split("\n");
    buffered = parts.pop()!;
    out.push(...parts);
    if (out.length >= lines && !stopping) stopping = docker.getContainer(`${stack}-ticker-1`).stop({ t: 1 });
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((done) => child.on("exit", done));
  clearTimeout(killer);
  await stopping;
  await docker.getContainer(`${stack}-ticker-1`).start().catch(() => undefined);
  return { code, out };
}

describe("berth logs --follow", () => {
  it("prints new lines from stdout and stderr as they are written and ends when the container stops", async () => {
    const r = await follow([], 6);
    expect(r.code).toBe(0);
    const ticks = r.out.map((l) => Number(/^tick (\d+)$/.exec(l)?.[1]));
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    // --tail 1, then every line in order, both streams: consecutive numbers.
    expect(ticks).toEqual(ticks.map((_, i) => ticks[0]! + i));
  }, 60_000);

  it("writes one JSON object per line with --json, naming the container and the stream", async () => {
    const r = await follow(["--json"], 4);
    expect(r.code).toBe(0);
    const objects = r.out.map((l) => JSON.parse(l) as { container: string; stream: string; text: string });
    expect(objects.length).toBeGreaterThanOrEqual(4);
    for (const o of objects) {
      const n = Number(/^tick (\d+)$/.exec(o.text)?.[1]);
      expect(o).toEqual({ container: `${stack}-ticker-1`, stream: n % 2 === 1 ? "stderr" : "stdout", text: `tick ${n}` });
    }
  }, 60_000);
});
