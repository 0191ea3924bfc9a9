import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Config, DockerHost, Image, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { catchBerthError } from "../../support/berth-error.ts";

function stackDir(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-config-"));
  writeFileSync(join(dir, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
  writeFileSync(join(dir, "Pulumi.dev.yaml"), yaml);
  return dir;
}

function program(config: StackConfig): Stack {
  const stack = new Stack("shop", { environment: "dev", target: new DockerHost(), config });
  new Service(stack, "web", { image: Image.fromRegistry("nginx:1.27"), env: { MODE: Config.value("mode"), URL: Config.value("rootUrl") } });
  return stack;
}

describe("config values in the graph", () => {
  it("resolves Config.value per stack from Pulumi.<env>.yaml with the project prefix", () => {
    const config = StackConfig.load(stackDir("config:\n  shop:mode: dev\n  shop:rootUrl: http://127.0.0.1:3000\n"), "dev", {});
    const env = synth(program(config)).nodes.find((n) => n.id === "web")!.spec;
    expect(env).toMatchObject({ env: { MODE: { kind: "config", key: "mode", value: "dev" }, URL: { kind: "config", key: "rootUrl", value: "http://127.0.0.1:3000" } } });
  });

  it("lets a BERTH_CONFIG_<KEY> environment variable override the file", () => {
    const config = StackConfig.load(stackDir("config:\n  shop:mode: dev\n  shop:rootUrl: x\n"), "dev", { BERTH_CONFIG_MODE: "ci" });
    expect(synth(program(config)).nodes.find((n) => n.id === "web")!.spec).toMatchObject({ env: { MODE: { value: "ci" } } });
  });

  it("fails every missing key at once, naming the key, the field and the file to set it in", () => {
    const dir = stackDir("config:\n  shop:mode: dev\n");
    const e = catchBerthError(() => synth(program(StackConfig.load(dir, "dev", {}))));
    expect(e.issues).toEqual([
      {
        code: "config.missing",
        path: "shop/web",
        field: "env.URL",
        found: "nothing",
        message: "Config key 'rootUrl' has no value for stack environment 'dev'.",
        fix: `set 'shop:rootUrl' under config: in ${join(dir, "Pulumi.dev.yaml")}, or export BERTH_CONFIG_ROOTURL`,
      },
    ]);
  });

  it("fails a Config.value whose value is encrypted, since plain config must be readable at synth", () => {
    const e = catchBerthError(() => synth(program(StackConfig.from({ mode: { secure: "AAAB" }, rootUrl: "x" }))));
    expect(e.issues[0]).toMatchObject({ code: "config.missing", field: "env.MODE", found: "an encrypted (secure:) value", message: "Config key 'mode' has no plain value for stack environment 'dev'." });
  });
});
