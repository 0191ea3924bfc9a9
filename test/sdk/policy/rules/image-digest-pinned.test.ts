import { describe, expect, it } from "vitest";
import { Image } from "../../../../sdk/constructs/image.ts";
import { Service } from "../../../../sdk/constructs/service.ts";
import { imageDigestPinned } from "../../../../sdk/policy/rules/image-digest-pinned.ts";
import { stackGraph, violations } from "../fixtures.ts";

const digest = `sha256:${"c".repeat(64)}`;
const graph = (ref: string, lock?: Record<string, string>) =>
  stackGraph((s) => void new Service(s, "web", { image: Image.fromRegistry(ref) }), {
    ...(lock ? { lock: { lockfileVersion: 1, images: Object.fromEntries(Object.entries(lock).map(([k, d]) => [k, { digest: d, resolved: "2026-01-01" }])) } } : {}),
  });

describe("image.digest-pinned", () => {
  it("passes an image pinned inline or by berth.lock", () => {
    expect(violations(imageDigestPinned, graph(`postgres:16.4@${digest}`))).toEqual([]);
    expect(violations(imageDigestPinned, graph("postgres:16.4", { "docker.io/library/postgres:16.4": digest }))).toEqual([]);
  });

  it("fails an image pinned by tag only", () => {
    expect(violations(imageDigestPinned, graph("postgres:16.4")).map((v) => [v.field, v.found, v.message])).toEqual([
      ["image", '"postgres:16.4"', `Service 'web' runs image "postgres:16.4", which is not pinned to a digest.`],
    ]);
  });
});
