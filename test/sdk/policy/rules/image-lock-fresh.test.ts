import { describe, expect, it } from "vitest";
import type { LockFile } from "../../../../sdk/config/lock-file.ts";
import { Image } from "../../../../sdk/constructs/image.ts";
import { Service } from "../../../../sdk/constructs/service.ts";
import { imageLockFresh } from "../../../../sdk/policy/rules/image-lock-fresh.ts";
import { stackGraph, violations } from "../fixtures.ts";

const d1 = `sha256:${"1".repeat(64)}`;
const d2 = `sha256:${"2".repeat(64)}`;
const lockOf = (images: Record<string, string>): LockFile => ({
  lockfileVersion: 1,
  images: Object.fromEntries(Object.entries(images).map(([k, digest]) => [k, { digest, resolved: "2026-01-01T00:00:00Z" }])),
});
const graph = (synthLock: LockFile) =>
  stackGraph(
    (s) => {
      new Service(s, "db", { image: Image.fromRegistry("postgres:16.4") });
      new Service(s, "cache", { image: Image.fromRegistry(`redis:7.4@${d2}`) });
    },
    { lock: synthLock },
  );

describe("image.lock-fresh", () => {
  it("passes when the lock pins every tag-only image and nothing else", () => {
    const lock = lockOf({ "docker.io/library/postgres:16.4": d1 });
    expect(violations(imageLockFresh, graph(lock), { lock })).toEqual([]);
  });

  it("is skipped without a lock", () => {
    expect(violations(imageLockFresh, graph(lockOf({})))).toEqual([]);
  });

  it("fails an image the lock does not cover and an entry nothing uses", () => {
    const lock = lockOf({ "docker.io/library/redis:7.4": d2, "docker.io/library/nginx:1.27": d1 });
    expect(violations(imageLockFresh, graph(lockOf({})), { lock }).map((v) => v.message)).toEqual([
      `berth.lock pins "docker.io/library/nginx:1.27", which stack 'shop' no longer uses.`,
      `berth.lock pins "docker.io/library/redis:7.4", which stack 'shop' no longer uses.`,
      `Service 'db' runs image "docker.io/library/postgres:16.4", which berth.lock does not pin.`,
    ]);
  });

  it("fails a graph synthesized with another lock than the current one", () => {
    const old = lockOf({ "docker.io/library/postgres:16.4": d1 });
    const current = lockOf({ "docker.io/library/postgres:16.4": d2 });
    expect(violations(imageLockFresh, graph(old), { lock: current }).map((v) => v.message)).toEqual([
      `Service 'db' runs image "docker.io/library/postgres:16.4" at another digest than berth.lock pins ${d2}.`,
    ]);
  });
});
