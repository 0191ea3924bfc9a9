import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildBasePinned, parseFromLines } from "../../../../sdk/policy/rules/build-base-pinned.ts";
import { graphWith, imageNode, violations, workload } from "../fixtures.ts";

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/** A stack dir with web/Dockerfile, and the graph of a Service built from it. */
function built(dockerfile: string, args: Record<string, string> = {}) {
  dir = mkdtempSync(join(tmpdir(), "berth-base-pinned-"));
  mkdirSync(join(dir, "web"));
  writeFileSync(join(dir, "web", "Dockerfile"), dockerfile);
  const graph = graphWith([imageNode("image/app", { kind: "build", context: "./web", dockerfile: "Dockerfile", args }), workload("Shop/web")]);
  return violations(buildBasePinned, graph, { stackDir: dir }).map((v) => [v.field, v.found, v.message]);
}

describe("build.base-pinned", () => {
  it("passes FROM lines with version tags, digests, scratch and earlier stages", () => {
    const file = [
      "# syntax=docker/dockerfile:1",
      "ARG NODE=20.18.1",
      "FROM --platform=$BUILDPLATFORM node:${NODE}-alpine AS build",
      "RUN npm ci",
      `FROM gcr.io/distroless/nodejs20-debian12@sha256:${"d".repeat(64)} AS runtime`,
      "FROM build AS test",
      "FROM scratch",
      "COPY --from=build /app /app",
    ].join("\n");
    expect(built(file)).toEqual([]);
  });

  it("fails FROM without a tag, with latest, with a moving alias, or with an ARG that has no value", () => {
    const file = ["ARG BASE", "FROM node", "FROM \\", "  nginx:latest AS web", "FROM python:stable-slim", "FROM ${BASE}"].join("\n");
    expect(built(file)).toEqual([
      ["image.build.Dockerfile:2", '"FROM node"', `Service 'web' builds FROM "node", which has no tag.`],
      ["image.build.Dockerfile:3", '"FROM nginx:latest"', `Service 'web' builds FROM "nginx:latest", which uses the moving tag 'latest'.`],
      ["image.build.Dockerfile:5", '"FROM python:stable-slim"', `Service 'web' builds FROM "python:stable-slim", which uses the moving tag 'stable-slim'.`],
      ["image.build.Dockerfile:6", '"FROM ${BASE}"', `Service 'web' builds FROM "\${BASE}", which uses a build ARG that has no value.`],
    ]);
  });

  it("fails FROM latest even when a digest pins it, and passes another moving tag a digest pins, as image.no-latest does", () => {
    const digest = `sha256:${"e".repeat(64)}`;
    expect(built([`FROM nginx:latest@${digest}`, `FROM nginx:stable@${digest}`].join("\n"))).toEqual([
      ["image.build.Dockerfile:1", `"FROM nginx:latest@${digest}"`, `Service 'web' builds FROM "nginx:latest@${digest}", which uses the moving tag 'latest'.`],
    ]);
  });

  it("takes build args over ARG defaults, as docker build does", () => {
    const file = "ARG TAG=latest\nFROM node:${TAG}\n";
    expect(built(file, { TAG: "20.18.1" })).toEqual([]);
    expect(built(file)).toHaveLength(1);
  });

  it("parses stage names case-insensitively", () => {
    expect(parseFromLines("from node:20 as Build\nFROM BUILD\n").map((f) => [f.image, f.stage ?? null])).toEqual([
      ["node:20", "build"],
      ["BUILD", null],
    ]);
  });

  it("is skipped when the context cannot be read", () => {
    const graph = graphWith([imageNode("image/app", { kind: "build", context: "./web", dockerfile: "Dockerfile", args: {} }), workload("Shop/web")]);
    expect(violations(buildBasePinned, graph)).toEqual([]);
  });
});
