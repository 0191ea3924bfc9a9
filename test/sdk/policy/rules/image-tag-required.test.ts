import { describe, expect, it } from "vitest";
import { imageTagRequired } from "../../../../sdk/policy/rules/image-tag-required.ts";
import { graphWith, imageNode, violations, workload } from "../fixtures.ts";

const run = (ref: string) => violations(imageTagRequired, graphWith([imageNode("image/app", ref), workload("Shop/web")]));

describe("image.tag-required", () => {
  it("passes a reference with a tag or a digest", () => {
    expect(run("docker.io/library/postgres:16.4")).toEqual([]);
    expect(run(`docker.io/library/postgres@sha256:${"a".repeat(64)}`)).toEqual([]);
  });

  it("fails a reference with neither tag nor digest, on the workload that runs it", () => {
    const [v, ...rest] = run("docker.io/library/postgres");
    expect(rest).toEqual([]);
    expect([v!.node, v!.field, v!.found, v!.message]).toEqual([
      undefined,
      "image",
      '"docker.io/library/postgres"',
      `Service 'web' runs image "docker.io/library/postgres" without a tag or digest.`,
    ]);
  });

  it("leaves built images alone", () => {
    const build = imageNode("image/app", { kind: "build", context: "./web", dockerfile: "Dockerfile", args: {} });
    expect(violations(imageTagRequired, graphWith([build, workload("Shop/web")]))).toEqual([]);
  });
});
