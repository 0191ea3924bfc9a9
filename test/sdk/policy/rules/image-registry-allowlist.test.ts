import { describe, expect, it } from "vitest";
import { imageRegistryAllowlist, isLoopback } from "../../../../sdk/policy/rules/image-registry-allowlist.ts";
import { graphWith, imageNode, violations, workload } from "../fixtures.ts";

const run = (ref: string, registryAllowlist: string[], target: Parameters<typeof graphWith>[1] = {}) =>
  violations(imageRegistryAllowlist, graphWith([imageNode("image/app", ref), workload("Shop/web")], { registryAllowlist, ...target })).map((v) => v.message);

describe("image.registry-allowlist", () => {
  it("passes an image from an allowed registry or path prefix", () => {
    expect(run("docker.io/library/nginx:1.27.3", ["docker.io/library"])).toEqual([]);
    expect(run("ghcr.io/acme/api:2.0.1", ["docker.io", "ghcr.io/acme"])).toEqual([]);
    expect(run("127.0.0.1:5000/shop/web:1", ["http://127.0.0.1:5000"])).toEqual([]);
  });

  it("fails an image from a registry not on the list", () => {
    expect(run("ghcr.io/evil/api:1.0.0", ["docker.io", "ghcr.io/acme"])).toEqual([
      `Service 'web' runs an image from "ghcr.io/evil/api", which is not on the registry allowlist.`,
    ]);
    expect(run("ghcr.io/acmex/api:1.0.0", ["ghcr.io/acme"])).toHaveLength(1);
  });

  it("fails a stack without an allowlist", () => {
    expect(run("docker.io/library/nginx:1.27.3", [])).toEqual(["Stack 'shop' has no registry allowlist."]);
  });

  it("fails a plain-http registry outside loopback, in the allowlist or as the target's registry", () => {
    expect(run("10.0.0.5:5000/shop/web:1", ["http://10.0.0.5:5000"], { target: { kind: "swarm", registry: "http://registry.lan:5000" } })).toEqual([
      `Stack 'shop' uses registry "http://10.0.0.5:5000" over plain http outside loopback.`,
      `Stack 'shop' uses registry "http://registry.lan:5000" over plain http outside loopback.`,
    ]);
  });

  it("treats only the machine itself as loopback", () => {
    expect(["localhost:5000", "127.0.0.1", "127.1.2.3:80", "[::1]:5000", "10.0.0.1:5000", "localhost.evil.com"].map(isLoopback)).toEqual([
      true, true, true, true, false, false,
    ]);
  });

  it("counts a built image by the target registry it is pushed to", () => {
    const build = imageNode("image/app", { kind: "build", context: "./web", dockerfile: "Dockerfile", args: {} });
    const g = (registry: string) => graphWith([build, workload("Shop/web")], { registryAllowlist: ["ghcr.io/acme"], target: { kind: "swarm", registry } });
    expect(violations(imageRegistryAllowlist, g("ghcr.io/acme"))).toEqual([]);
    expect(violations(imageRegistryAllowlist, g("quay.io/other")).map((v) => v.found)).toEqual(['"quay.io/other"']);
  });
});
