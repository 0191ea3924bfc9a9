import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readUpCache, staleness, upCacheFile, writeUpCache, type UpCacheInput } from "../../../cli/up-cache/record.ts";
import { trackInputs } from "../../../cli/up-cache/track.ts";
import type { DockerGraph } from "../../../providers/docker/target.ts";

const tmp = mkdtempSync(join(tmpdir(), "berth-record-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GRAPH = { schemaVersion: 1, stack: "s", filesDir: "/var/lib/berth/s", nodes: [] } as unknown as DockerGraph;

/** A stack dir and a record of a "program" that read `input.txt`, listed `parts/` and read BERTH_RECORD_TEST. */
function recorded(extra: Partial<UpCacheInput> = {}) {
  const dir = mkdtempSync(join(tmp, "stack-"));
  writeFileSync(join(dir, "input.txt"), "one");
  mkdirSync(join(dir, "parts"));
  writeFileSync(join(dir, "parts", "a.ts"), "");
  process.env.BERTH_RECORD_TEST = "v1";
  const t = trackInputs();
  let tracked;
  try {
    readFileSync(join(dir, "input.txt"));
    void process.env.BERTH_RECORD_TEST;
    void process.env.BERTH_RECORD_UNSET;
    statSync(join(dir, "parts"));
  } finally {
    tracked = t.stop();
  }
  writeUpCache({ buildId: "b1", stackDir: dir, tracked, programFiles: {}, target: "docker-host", facts: { engineCpus: 2 }, graph: GRAPH, ...extra });
  return { dir, record: readUpCache(dir, "b1")! };
}

describe("the up cache record", () => {
  it("stands while nothing the program read changed, and holds the graph", () => {
    const { record } = recorded();
    expect(staleness(record, Date.now())).toBeUndefined();
    expect(record.graph).toEqual(GRAPH);
    expect([record.target, record.facts]).toEqual(["docker-host", { engineCpus: 2 }]);
  });

  it("names the file that changed, also when its size and mtime were put back", () => {
    const { dir, record } = recorded();
    const file = join(dir, "input.txt");
    const { atime, mtime } = statSync(file);
    writeFileSync(file, "two");
    expect(staleness(record, Date.now())).toBe(`${file} changed`);
    utimesSync(file, atime, mtime);
    expect(staleness(record, Date.now())).toBe(`${file} changed`);
  });

  it("notices a variable that changed, appeared or disappeared, without storing its value", () => {
    const { dir, record } = recorded();
    expect(readFileSync(upCacheFile(dir), "utf8")).not.toContain('"v1"');
    expect(staleness(record, Date.now(), { ...process.env, BERTH_RECORD_TEST: "v2" })).toBe("one of the environment variables BERTH_RECORD_TEST, BERTH_RECORD_UNSET, TZ changed");
    expect(staleness(record, Date.now(), { ...process.env, BERTH_RECORD_UNSET: "" })).toMatch(/changed$/);
    const { BERTH_RECORD_TEST: _gone, ...without } = process.env;
    void _gone;
    expect(staleness(record, Date.now(), without)).toMatch(/changed$/);
    expect(staleness(record, Date.now(), { ...process.env, UNRELATED_VARIABLE: "x" })).toBeUndefined();
  });

  it("takes the whole environment as input when the program listed it, except Berth's own switches", () => {
    const dir = mkdtempSync(join(tmp, "whole-"));
    const t = trackInputs();
    let tracked;
    try {
      void Object.keys(process.env);
    } finally {
      tracked = t.stop();
    }
    writeUpCache({ buildId: "b1", stackDir: dir, tracked, programFiles: {}, target: "docker-host", facts: { engineCpus: 2 }, graph: GRAPH });
    const record = readUpCache(dir, "b1")!;
    expect(staleness(record, Date.now())).toBeUndefined();
    expect(staleness(record, Date.now(), { ...process.env, BERTH_DEBUG: "cache", BERTH_CACHE: "on" })).toBeUndefined();
    expect(staleness(record, Date.now(), { ...process.env, ANY_OTHER: "x" })).toBe("the environment changed");
  });

  it("expires when the next waiver does", () => {
    const until = Date.now() + 60_000;
    const { record } = recorded({ validUntil: until });
    expect(staleness(record, until - 1)).toBeUndefined();
    expect(staleness(record, until)).toBe("a waiver or acknowledgement expired");
  });

  it("is written for its owner only", () => {
    const { dir } = recorded();
    expect(statSync(upCacheFile(dir)).mode & 0o777).toBe(0o600);
  });

  it("is not read by another build of Berth, for another directory, or when it is not a record", () => {
    const { dir } = recorded();
    expect(readUpCache(dir, "b2")).toBeUndefined();
    const other = mkdtempSync(join(tmp, "moved-"));
    mkdirSync(join(other, ".berth"));
    writeFileSync(upCacheFile(other), readFileSync(upCacheFile(dir)));
    expect(readUpCache(other, "b1")).toBeUndefined();
    writeFileSync(upCacheFile(dir), "{ not json");
    expect(readUpCache(dir, "b1")).toBeUndefined();
  });

  it("is not read when a field has the wrong shape", () => {
    const { dir } = recorded();
    const good = JSON.parse(readFileSync(upCacheFile(dir), "utf8")) as Record<string, unknown>;
    for (const broken of [{ env: {} }, { files: { x: 1 } }, { graph: "s" }, { target: 1 }, { facts: 2 }, { config: { dir: 1 } }, { validUntil: "soon" }]) {
      writeFileSync(upCacheFile(dir), JSON.stringify({ ...good, ...broken }));
      expect(readUpCache(dir, "b1")).toBeUndefined();
    }
    writeFileSync(upCacheFile(dir), JSON.stringify(good));
    expect(readUpCache(dir, "b1")).toBeDefined();
  });
});
