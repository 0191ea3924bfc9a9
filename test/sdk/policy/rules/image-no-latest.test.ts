import { describe, expect, it } from "vitest";
import { Image } from "../../../../sdk/constructs/image.ts";
import { Service } from "../../../../sdk/constructs/service.ts";
import { imageNoLatest, movingAlias } from "../../../../sdk/policy/rules/image-no-latest.ts";
import { findings, graphWith, imageNode, stackGraph, violations, workload } from "../fixtures.ts";

const digest = `sha256:${"b".repeat(64)}`;
const run = (ref: string) => violations(imageNoLatest, graphWith([imageNode("image/app", ref), workload("Shop/web")])).map((v) => v.message);

describe("image.no-latest", () => {
  it("passes a version tag", () => {
    expect(run("docker.io/library/nginx:1.27.3")).toEqual([]);
    expect(run("docker.io/library/python:3.12-slim")).toEqual([]);
  });

  it("fails latest, even when pinned by digest", () => {
    expect(run("docker.io/library/nginx:latest")).toEqual([`Service 'web' runs image "docker.io/library/nginx:latest" with the tag 'latest'.`]);
    expect(run(`docker.io/library/nginx:latest@${digest}`)).toHaveLength(1);
  });

  it("fails a moving alias unless a digest pins it", () => {
    expect(run("docker.io/library/nginx:mainline-alpine")).toEqual([
      `Service 'web' runs image "docker.io/library/nginx:mainline-alpine" with the moving tag 'mainline-alpine' without a digest.`,
    ]);
    expect(run(`docker.io/library/nginx:stable@${digest}`)).toEqual([]);
  });

  it("knows the common moving aliases", () => {
    expect(["stable", "edge", "LTS", "mainline", "lts-alpine", "20-alpine", "1.0"].map((t) => movingAlias(t) ?? null)).toEqual([
      "stable", "edge", "lts", "mainline", "lts", null, null,
    ]);
  });

  it("warns in dev and fails in prod for a synthesized stack", () => {
    const build = (s: import("../../../../sdk/constructs/stack.ts").Stack) => void new Service(s, "web", { image: Image.fromRegistry("nginx:latest") });
    expect(findings(stackGraph(build, { environment: "dev" }), "image.no-latest").map((f) => f.severity)).toEqual(["warning"]);
    expect(findings(stackGraph(build, { environment: "prod" }), "image.no-latest").map((f) => [f.severity, f.path])).toEqual([["error", "shop/web"]]);
  });
});
