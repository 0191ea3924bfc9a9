import { describe, expect, it } from "vitest";
import { importCompose } from "../../importer/compose/index.ts";
import { parseTemplate, resolveParts } from "../../importer/compose/interpolate.ts";
import { catchBerthError } from "../support/berth-error.ts";
import { projectDir } from "./project-files.ts";

const at = () => ({ file: "x.yaml", composePath: "services.a.image" });
const resolveWith = (text: string, env: Record<string, string>) =>
  resolveParts(parseTemplate(text, at), env, () => {}, (ref) => {
    throw new Error(`required ${ref.name}: ${ref.arg}`);
  });

describe("interpolation follows the compose specification", () => {
  it("substitutes ${VAR} and $VAR, and $$ is a literal dollar", () => {
    expect(resolveWith("${A}-$B-$$C-$${D}", { A: "1", B: "2" })).toBe("1-2-$C-${D}");
  });

  it("uses :- defaults for unset or empty variables and - defaults for unset ones only", () => {
    expect(resolveWith("${A:-x}|${B:-y}|${A-z}|${B-w}", { B: "" })).toBe("x|y|z|");
  });

  it("applies :+ alternatives only when the variable is set and not empty", () => {
    expect(resolveWith("${A:+on}|${B:+on}", { A: "1", B: "" })).toBe("on|");
  });

  it("resolves a default that is itself a variable", () => {
    expect(resolveWith("${A:-${B}}", { B: "inner" })).toBe("inner");
  });

  it("fails :? with the message the file wrote, the file, the line and the compose path", () => {
    const dir = projectDir({ "compose.yaml": "services:\n  web:\n    image: nginx:${TAG:?set TAG to a version}\n" });
    const e = catchBerthError(() => importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {} }));
    expect(e.issues[0]).toEqual({
      code: "import.interpolation",
      path: `${dir}/compose.yaml:3 services.web.image`,
      field: "services.web.image",
      message: "Variable TAG is required: set TAG to a version.",
      fix: "Set TAG in the environment, in .env next to the compose file, or in a file passed with --env-file.",
    });
  });

  it("fails on an unclosed ${ naming the string", () => {
    const dir = projectDir({ "compose.yaml": "services:\n  web:\n    image: nginx\n    environment:\n      A: ${B\n" });
    const e = catchBerthError(() => importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {} }));
    expect([e.code, e.issues[0]!.path, e.issues[0]!.message]).toEqual(["import.interpolation", `${dir}/compose.yaml:5 services.web.environment.A`, 'Invalid interpolation in "${B": a ${ is never closed.']);
  });

  it("turns interpolated values into stack config with the value they had, and unset ones into keys to set", () => {
    const dir = projectDir({
      "compose.yaml": "services:\n  web:\n    image: nginx:${TAG:-1.27}\n    ports: ['${PORT:-8080}:80']\n    environment:\n      MODE: ${MODE}\n      URL_BASE: /api/${VERSION:-v1}\n",
      ".env": "MODE=production\n",
    });
    const r = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    expect(r.config).toEqual({ tag: "1.27", port: "8080", mode: "production", version: "v1" });
    expect(r.files["index.ts"]).toContain('image: Image.fromRegistry(`nginx:${config.get("tag") ?? "1.27"}`)');
    expect(r.files["index.ts"]).toContain('ports: [{ container: 80, published: config.number("port", 8080) }]');
    expect(r.files["index.ts"]).toContain('env: { MODE: Config.value("mode"), URL_BASE: `/api/${config.get("version") ?? "v1"}` }');
    expect(r.files["Pulumi.dev.yaml"]).toContain("# ${MODE} (its value when imported)\n  shop:mode: production\n  # ${PORT} (unset when imported: the compose default)\n  shop:port: \"8080\"");
  });

  it("reads --env-file instead of .env, and the process environment wins over both", () => {
    const dir = projectDir({ "compose.yaml": "services:\n  web:\n    image: nginx:${TAG}\n", ".env": "TAG=1.0\n", "prod.env": "TAG=2.0\n" });
    const files = [`${dir}/compose.yaml`];
    expect(importCompose({ files, outDir: `${dir}/out`, env: {} }).config).toEqual({ tag: "1.0" });
    expect(importCompose({ files, outDir: `${dir}/out`, env: {}, envFile: `${dir}/prod.env` }).config).toEqual({ tag: "2.0" });
    expect(importCompose({ files, outDir: `${dir}/out`, env: { TAG: "3.0" } }).config).toEqual({ tag: "3.0" });
  });
});
