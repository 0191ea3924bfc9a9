import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopbackRegistry, registryBase } from "../../../providers/shared/registry.ts";
import { BASE_IMAGE, REGISTRY, berth, docker, ensureBaseImage, ensureRegistry, uniqueStack } from "../../support/docker.ts";

const FIXTURE = join(import.meta.dirname, "fixtures/locked");
const LOCK = join(FIXTURE, "berth.lock");
let registry: { stop: () => Promise<void> };
const repo = `${uniqueStack("lock")}/busybox`;

beforeAll(async () => {
  await ensureBaseImage();
  registry = await ensureRegistry();
  await docker.getImage(BASE_IMAGE).tag({ repo: `${REGISTRY}/${repo}`, tag: "1" });
  const stream = (await docker.getImage(`${REGISTRY}/${repo}`).push({ tag: "1" })) as unknown as NodeJS.ReadableStream;
  await new Promise<void>((ok, bad) => docker.modem.followProgress(stream, (err: Error | null) => (err ? bad(err) : ok())));
}, 120_000);

afterAll(async () => {
  rmSync(LOCK, { force: true });
  await docker.getImage(`${REGISTRY}/${repo}:1`).remove().catch(() => {});
  await registry.stop();
}, 60_000);

describe("registry resolution and berth lock", () => {
  it("speaks plain http only to loopback registries", () => {
    expect(["127.0.0.1:5000", "localhost:5000", "[::1]:5000", "registry.example.com", "docker.io"].map(isLoopbackRegistry)).toEqual([true, true, true, false, false]);
    expect(["127.0.0.1:5000", "ghcr.io", "docker.io"].map(registryBase)).toEqual(["http://127.0.0.1:5000", "https://ghcr.io", "https://registry-1.docker.io"]);
  });

  it("`berth lock` resolves every registry tag to its digest and synthesis pins the image from berth.lock", async () => {
    const env = { BERTH_TEST_REPO: repo, BERTH_TEST_STACK: "bt-locked" };
    const r = await berth(["lock", FIXTURE], env);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const pushed = (await docker.getImage(`${REGISTRY}/${repo}:1`).inspect()).RepoDigests.find((d) => d.startsWith(`${REGISTRY}/${repo}@`))!;
    const digest = pushed.slice(pushed.indexOf("@") + 1);
    expect(existsSync(LOCK)).toBe(true);
    expect(JSON.parse(readFileSync(LOCK, "utf8"))).toEqual({
      images: { [`${REGISTRY}/${repo}:1`]: { digest, resolved: `${REGISTRY}/${repo}@${digest}` } },
      lockfileVersion: 1,
    });
    const synth = await berth(["synth", FIXTURE], env);
    const image = JSON.parse(synth.stdout).nodes.find((n: { id: string }) => n.id === "image/busybox-1");
    expect(image.spec.source).toMatchObject({ pinnedBy: "lock", ref: { digest } });
  }, 180_000);
});
