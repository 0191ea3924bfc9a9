import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BERTH_BIN } from "../support/docker.ts";
import { projectDir } from "./project-files.ts";

const COMPOSE = `
name: Shop
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    container_name: shop-web
`;

describe("berth import on the command line", () => {
  it("writes the program, its config and IMPORT.md, and prints the same summary", () => {
    const dir = projectDir({ "compose.yaml": COMPOSE });
    const out = join(dir, "stack");
    const r = spawnSync(process.execPath, [BERTH_BIN, "import", join(dir, "compose.yaml"), "--out", out], { encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(readdirSync(out).sort()).toEqual(["IMPORT.md", "Pulumi.dev.yaml", "Pulumi.yaml", "index.ts"]);
    expect(r.stdout.split("\n").slice(0, 4)).toEqual([
      `Imported 1 service into ${out} (stack shop): 3 fields mapped, 1 transformed, 1 not mapped.`,
      "  not mapped  services.web.container_name: Berth names containers <stack>-<service>-<i> so that stacks never collide. Refer to the service by its construct (web.hostname) instead of a fixed name.",
      "  transformed services.web.ports.host_ip: published ports without a host address bind 127.0.0.1 in Berth's dev profile (compose binds all addresses).",
      `Policy: 0 errors, 5 warnings (berth check ${out}); IMPORT.md has each with its fix.`,
    ]);
    expect(readFileSync(join(out, "IMPORT.md"), "utf8")).toContain("| `services.web.container_name` | not mapped | Berth names containers <stack>-<service>-<i> so that stacks never collide |");
    // A temp directory has no package "berth": the command says what tsc and editors need.
    expect(r.stdout.trimEnd().split("\n").pop()).toBe(`Note: the package berth is not installed for ${out}: berth runs the program with its own SDK, but tsc and editors need it (npm i berth, npm link berth), or import again with --sdk <path to Berth's sdk/index.ts>.`);
  });

  it("checks an imported program where no package berth is installed, with the CLI's own SDK", () => {
    const dir = projectDir({ "compose.yaml": COMPOSE });
    const out = join(dir, "stack");
    expect(spawnSync(process.execPath, [BERTH_BIN, "import", join(dir, "compose.yaml"), "--out", out], { encoding: "utf8" }).status).toBe(0);
    const check = spawnSync(process.execPath, [BERTH_BIN, "check", out, "--json"], { encoding: "utf8" });
    expect(check.stderr).not.toContain("ERR_MODULE_NOT_FOUND");
    const report = JSON.parse(check.stdout) as { stack?: string; findings?: { rule: string }[] };
    expect(report.findings?.map((f) => f.rule)).toContain("res.memory-limit");
  });

  it("refuses to overwrite an imported program unless --force", () => {
    const dir = projectDir({ "compose.yaml": COMPOSE });
    const args = [BERTH_BIN, "import", join(dir, "compose.yaml"), "--out", join(dir, "stack")];
    expect(spawnSync(process.execPath, args, { encoding: "utf8" }).status).toBe(0);
    const again = spawnSync(process.execPath, args, { encoding: "utf8" });
    expect([again.status, again.stderr.split("\n")[0]]).toEqual([1, `✖ [import.exists] ${join(dir, "stack", "index.ts")} already exists.`]);
    expect(spawnSync(process.execPath, [...args, "--force"], { encoding: "utf8" }).status).toBe(0);
  });
});
