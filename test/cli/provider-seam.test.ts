import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STACK = "test/cli/fixtures/directory-target";
const platform = mkdtempSync(join(tmpdir(), "berth-dir-platform-"));
afterAll(() => rmSync(platform, { recursive: true, force: true }));

/** The unchanged CLI with a directory target registered in the process (fixtures/berth-with-directory-target.ts). */
function berth(args: readonly string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "test/cli/fixtures/berth-with-directory-target.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, BERTH_TEST_PLATFORM_DIR: platform, BERTH_CACHE: "off", ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("a target registered through the provider seam", () => {
  it("is planned, deployed, listed, exported and removed by the unchanged CLI", { timeout: 240_000 }, () => {
    const plan = berth(["plan", STACK, "--exit-code"]);
    expect([plan.code, plan.stdout.trim()]).toEqual([4, "+ create  workload    dirstack-web\nPlan for 'dirstack': 1 create."]);

    const up = berth(["up", STACK]);
    expect([up.code, up.stderr]).toEqual([0, ""]);
    expect(up.stdout).toContain("'dirstack' is up: 1 changed, 0 unchanged.");
    expect(readdirSync(join(platform, "dirstack"))).toEqual(["dirstack-web.json"]);
    expect(JSON.parse(readFileSync(join(platform, "dirstack", "dirstack-web.json"), "utf8"))).toMatchObject({ id: "web", replicas: 1 });

    const again = berth(["up", STACK]);
    expect(again.stdout.trim()).toBe("No changes: 'dirstack' is up to date.");

    const changed = berth(["plan", STACK, "--json"], { DIR_REPLICAS: "3" });
    expect(JSON.parse(changed.stdout).plan.changes.map((c: { op: string; name: string }) => `${c.op} ${c.name}`)).toEqual(["replace dirstack-web"]);

    const ps = berth(["ps", STACK, "--json"]);
    expect(JSON.parse(ps.stdout).containers).toEqual([{ name: "dirstack-web", node: "web", state: "written", health: "", ports: [] }]);

    const exported = berth(["export", STACK]);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual([expect.objectContaining({ name: "dirstack-web", image: expect.stringContaining("registry.example/web:1.2.3@sha256:") })]);
    const wrong = berth(["export", STACK, "--format", "compose"]);
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringContaining("--format compose is not a format of directory; 'dirstack' exports as json. (compose is the format of Docker host.)")]);

    const down = berth(["down", STACK]);
    expect([down.code, down.stdout]).toEqual([0, "- workload dirstack-web\n'dirstack' is down (volumes kept; --volumes removes them).\n"]);
    expect(existsSync(join(platform, "dirstack"))).toBe(false);
  });

  it("without the registration, the same stack goes to the target its program names (Fargate), whose engine fails clearly when AWS does not answer", { timeout: 60_000 }, () => {
    const env = { ...process.env, AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_MAX_ATTEMPTS: "1", BERTH_CACHE: "off" };
    const r = spawnSync(process.execPath, ["bin/berth.js", "plan", STACK], { cwd: ROOT, encoding: "utf8", timeout: 60_000, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("[engine.unreachable] AWS did not answer");
    expect(r.stderr).toContain("eu-west-1 at http://127.0.0.1:9");
  });
});

describe("the CLI", () => {
  it("names no target kind: commands dispatch through the provider registry", () => {
    const hits = spawnSync("grep", ["-rnE", `kind === "(docker-host|swarm|fargate|kubernetes)"|"docker-host"|"swarm"`, "cli/"], { cwd: ROOT, encoding: "utf8" });
    expect(hits.stdout).toBe("");
  });

  it("keeps providers apart: no provider imports another, shared pieces live in providers/shared", () => {
    const targets = readdirSync(join(ROOT, "providers"), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "shared").map((d) => d.name);
    const crossings: string[] = [];
    for (const t of targets) {
      const others = targets.filter((o) => o !== t).join("|");
      const r = spawnSync("grep", ["-rnE", `from "(\\.\\./)+(${others})/`, `providers/${t}`], { cwd: ROOT, encoding: "utf8" });
      if (r.stdout) crossings.push(r.stdout.trim());
    }
    expect(crossings).toEqual([]);
  });
});
