import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synth } from "../../../sdk/index.ts";
import { parseImageRef } from "../../../sdk/constructs/image.ts";
import { DockerEngineClient } from "../../../providers/shared/docker-api/client.ts";
import { contextFiles, contextHash, ensureImage } from "../../../providers/shared/docker-api/images.ts";
import { lowerForEngine } from "../../../providers/docker/engine/engine.ts";
import { resolveDigest } from "../../../providers/shared/registry.ts";
import type { DockerImageNode } from "../../../providers/docker/target.ts";
import { build } from "./fixtures/multistage/index.ts";
import { REGISTRY, docker, ensureBaseImage, ensureRegistry, uniqueStack } from "../../support/docker.ts";

const FIXTURE = join(import.meta.dirname, "fixtures/multistage");
let registry: { stop: () => Promise<void> };
const created: string[] = [];

async function runIn(image: string, cmd: string[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const [res, container] = (await docker.run(image, cmd, [out, out], { Tty: false })) as [{ StatusCode: number }, { remove: () => Promise<void> }];
  await container.remove();
  expect(res.StatusCode).toBe(0);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  await ensureBaseImage();
  registry = await ensureRegistry();
}, 120_000);

afterAll(async () => {
  for (const ref of created) await docker.getImage(ref).remove({ force: true }).catch(() => {});
  await registry.stop();
}, 120_000);

describe("images for the Docker host engine", () => {
  it("sends only what .dockerignore keeps, plus the Dockerfile and .dockerignore", () => {
    expect(contextFiles(join(FIXTURE, "ctx"))).toEqual([".dockerignore", "Dockerfile", "sub/kept.txt"]);
  });

  it("hashes a context by what the builder receives: ignored files do not change the tag", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-ctx-"));
    try {
      cpSync(join(FIXTURE, "ctx"), dir, { recursive: true });
      const opts = { dockerfile: "Dockerfile", args: { FLAVOUR: "spicy" }, target: "final" };
      const h0 = contextHash(dir, opts);
      writeFileSync(join(dir, "server.pem"), "changed but ignored");
      expect(contextHash(dir, opts)).toBe(h0);
      writeFileSync(join(dir, "sub/kept.txt"), "changed");
      const h1 = contextHash(dir, opts);
      expect(h1).not.toBe(h0);
      expect(contextHash(dir, { ...opts, args: { FLAVOUR: "mild" } })).not.toBe(h1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("builds with build args and the target stage, tags by content, pushes, and pulls back by digest", async () => {
    const stack = uniqueStack("img");
    const graph = lowerForEngine(synth(build(stack, REGISTRY)), FIXTURE);
    const node = graph.nodes.find((n): n is DockerImageNode => n.kind === "docker.image")!;
    const hash = contextHash(join(FIXTURE, "ctx"), { dockerfile: "Dockerfile", args: { FLAVOUR: "spicy" }, target: "final" });
    expect(node.ref).toBe(`${REGISTRY}/${stack}/ctx-final:${hash.slice(0, 16)}`);
    created.push(node.ref);
    const client = new DockerEngineClient();
    await ensureImage(client, graph, node);
    expect(client.mutations.map((m) => m.op)).toEqual(["image.build", "image.push"]);
    expect(await runIn(node.ref, ["sh", "-c", "cat /flavour /stage; find /ctx | sort"])).toBe(
      "spicy\nfinal\n/ctx\n/ctx/.dockerignore\n/ctx/Dockerfile\n/ctx/sub\n/ctx/sub/kept.txt\n",
    );

    const again = new DockerEngineClient();
    await ensureImage(again, graph, node);
    expect(again.mutations).toEqual([]);

    const digest = await resolveDigest(parseImageRef(node.ref));
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    const byDigest = `${REGISTRY}/${stack}/ctx-final@${digest}`;
    await docker.getImage(node.ref).remove({ force: true });
    await client.pullImage(byDigest);
    created.push(byDigest);
    expect(await runIn(byDigest, ["cat", "/stage"])).toBe("final\n");
  }, 300_000);
});
