import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bakedConfigReason, buildNoBakedConfig } from "../../../../sdk/policy/rules/build-no-baked-config.ts";
import { graphWith, imageNode, violations, workload } from "../fixtures.ts";

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function context(files: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), "berth-baked-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, "web", path)), { recursive: true });
    writeFileSync(join(dir, "web", path), content);
  }
  const graph = graphWith([imageNode("image/app", { kind: "build", context: "./web", dockerfile: "Dockerfile", args: {} }), workload("Shop/web")]);
  return violations(buildNoBakedConfig, graph, { stackDir: dir }).map((v) => v.message);
}

describe("build.no-baked-config", () => {
  it("passes a context that ships only code and example config", () => {
    expect(context({ Dockerfile: "FROM node:20\n", "src/index.js": "", ".env.example": "A=1", "config/default.json": "{}" })).toEqual([]);
  });

  it("fails a context that ships .env, keys and per-environment config", () => {
    expect(context({ Dockerfile: "", ".env": "A=1", "certs/server.key": "", "tls.pem": "", "config/config.prod.json": "{}", ".env.production": "" })).toEqual([
      "Service 'web' builds from a context that ships an .env file: .env.",
      "Service 'web' builds from a context that ships a per-environment .env file: .env.production.",
      "Service 'web' builds from a context that ships a key file: certs/server.key.",
      "Service 'web' builds from a context that ships a per-environment config file: config/config.prod.json.",
      "Service 'web' builds from a context that ships a key file: tls.pem.",
    ]);
  });

  it("respects .dockerignore, including re-included files", () => {
    expect(context({ Dockerfile: "", ".dockerignore": "**/*.key\n.env*\n!.env.staging\n", ".env": "", "a/b/c.key": "", ".env.staging": "" })).toEqual([
      "Service 'web' builds from a context that ships a per-environment .env file: .env.staging.",
    ]);
  });

  it("skips a directory .dockerignore excludes", () => {
    expect(context({ Dockerfile: "", ".dockerignore": "secrets\nnode_modules\n", "secrets/prod.key": "", "node_modules/x/test.pem": "", "keep/a.pem": "" })).toEqual([
      "Service 'web' builds from a context that ships a key file: keep/a.pem.",
    ]);
  });

  it("recognises per-environment file names", () => {
    expect(["config.prod.json", "application-production.yml", "staging.yaml", "settings.json", ".env.sample", "id_rsa.key", "prod.ts"].map((n) => bakedConfigReason(n) ?? null)).toEqual([
      "a per-environment config file",
      "a per-environment config file",
      "a per-environment config file",
      null,
      null,
      "a key file",
      null,
    ]);
  });
});
