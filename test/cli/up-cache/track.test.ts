import childProcess from "node:child_process";
import fs, { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprint } from "../../../cli/up-cache/fingerprint.ts";
import { trackInputs } from "../../../cli/up-cache/track.ts";

const tmp = mkdtempSync(join(tmpdir(), "berth-track-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("trackInputs", () => {
  it("records each file, listing and environment variable a program reads, with what it was before the read", () => {
    const dir = mkdtempSync(join(tmp, "reads-"));
    writeFileSync(join(dir, "a.txt"), "alpha");
    mkdirSync(join(dir, "sub"));
    process.env.BERTH_TRACK_TEST = "one";
    const t = trackInputs();
    let inputs;
    try {
      readFileSync(join(dir, "a.txt"), "utf8");
      fs.existsSync(join(dir, "missing.txt"));
      readdirSync(dir);
      void process.env.BERTH_TRACK_TEST;
      void ("BERTH_TRACK_UNSET" in process.env);
    } finally {
      inputs = t.stop();
    }
    expect(inputs.files).toEqual({
      [`stat ${join(dir, "a.txt")}`]: fingerprint("stat", join(dir, "a.txt")),
      [`stat ${join(dir, "missing.txt")}`]: "-",
      [`readdir ${dir}`]: fingerprint("readdir", dir),
    });
    expect(inputs.files[`stat ${join(dir, "a.txt")}`]).toMatch(/^f:5:[\d.]+:[\d.]+$/);
    // TZ always: V8 reads it for local time without asking process.env.
    expect(Object.fromEntries(inputs.env)).toEqual({ TZ: process.env.TZ, BERTH_TRACK_TEST: "one", BERTH_TRACK_UNSET: undefined });
    expect(inputs.uncacheable).toBeUndefined();
    delete process.env.BERTH_TRACK_TEST;
  });

  it("records reads made through ES module imports of node:fs and through fs.promises", async () => {
    const dir = mkdtempSync(join(tmp, "esm-"));
    writeFileSync(join(dir, "b.txt"), "beta");
    writeFileSync(join(dir, "reader.mjs"), `import { readFileSync } from "node:fs";\nexport const read = (p) => readFileSync(p, "utf8");\n`);
    const { read } = (await import(join(dir, "reader.mjs"))) as { read: (p: string) => string };
    const t = trackInputs();
    let inputs;
    try {
      read(join(dir, "b.txt"));
      await fs.promises.readFile(join(dir, "reader.mjs"));
    } finally {
      inputs = t.stop();
    }
    expect(Object.keys(inputs.files).sort()).toEqual([`stat ${join(dir, "b.txt")}`, `stat ${join(dir, "reader.mjs")}`]);
  });

  it.each([
    ["Math.random()", () => Math.random()],
    ["Date.now()", () => Date.now()],
    ["new Date()", () => new Date()],
    ["crypto.randomUUID()", () => crypto.randomUUID()],
    ["child_process.execFileSync()", () => childProcess.execFileSync("true")],
    ["os.loadavg()", () => os.loadavg()],
    [
      "a read of standard input",
      () => {
        try {
          fs.readFileSync(0);
        } catch {
          // A test worker's stdin may not be readable: the attempt is what counts.
        }
      },
    ],
  ])("marks a program whose result depends on %s as not reproducible", (call, body) => {
    const t = trackInputs();
    try {
      body();
    } finally {
      expect(t.stop().uncacheable).toBe(call);
    }
  });

  it("lets a program build dates from given values and records host facts and user ids by value", () => {
    const t = trackInputs();
    let inputs;
    try {
      expect(new Date("2026-01-02T00:00:00Z").toISOString()).toBe("2026-01-02T00:00:00.000Z");
      expect(new Date(0) instanceof Date).toBe(true);
      os.hostname();
      process.getuid!();
    } finally {
      inputs = t.stop();
    }
    expect(inputs.uncacheable).toBeUndefined();
    expect(inputs.host).toEqual({ "os.hostname": JSON.stringify(os.hostname()), "process.getuid": JSON.stringify(process.getuid!()) });
  });

  it("records the source of a copy, realpath's native variant and an own-property check of the environment", () => {
    const dir = mkdtempSync(join(tmp, "more-"));
    writeFileSync(join(dir, "src.conf"), "x");
    const t = trackInputs();
    let inputs;
    try {
      fs.copyFileSync(join(dir, "src.conf"), join(dir, "ctx.conf"));
      fs.realpathSync.native(dir);
      void Object.hasOwn(process.env, "BERTH_TRACK_OWN");
    } finally {
      inputs = t.stop();
    }
    expect(Object.keys(inputs.files).sort()).toEqual([`realpath ${dir}`, `stat ${join(dir, "src.conf")}`]);
    expect(inputs.env.has("BERTH_TRACK_OWN")).toBe(true);
    expect(inputs.uncacheable).toBeUndefined();
  });

  it("does not record Berth's own reads made inside unrecorded()", async () => {
    const t = trackInputs();
    let inputs;
    try {
      await t.unrecorded(async () => {
        readFileSync(join(import.meta.dirname, "track.test.ts"));
        return Math.random();
      });
    } finally {
      inputs = t.stop();
    }
    expect(inputs.files).toEqual({});
    expect(inputs.uncacheable).toBeUndefined();
  });

  it("puts back every function it wrapped, process.env and Date when it stops", async () => {
    const before = { readFileSync: fs.readFileSync, readFile: fs.promises.readFile, hostname: os.hostname, random: Math.random, env: process.env, Date: globalThis.Date, spawn: childProcess.spawn };
    const esmBefore = (await import("node:fs")).readFileSync;
    const t = trackInputs();
    expect((await import("node:fs")).readFileSync).not.toBe(esmBefore);
    t.stop();
    const after = { readFileSync: fs.readFileSync, readFile: fs.promises.readFile, hostname: os.hostname, random: Math.random, env: process.env, Date: globalThis.Date, spawn: childProcess.spawn };
    expect(after).toEqual(before);
    for (const k of Object.keys(before) as (keyof typeof before)[]) expect(after[k]).toBe(before[k]);
    expect((await import("node:fs")).readFileSync).toBe(esmBefore);
  });
});
