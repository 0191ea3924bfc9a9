/**
 * The no-op fast path of `berth up` against the real engine, through the CLI: a second `up`
 * is answered from the stack's record without running the program, and any change to what the
 * program read, or to the live stack, brings the full run back.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { upCacheFile } from "../../../cli/up-cache/record.ts";
import { BASE_IMAGE, berth, docker, dockerTestFile, owned, uniqueStack, writeStackProgram } from "../../support/docker.ts";

const { stateDir, track } = dockerTestFile();
const tmp = mkdtempSync(join(tmpdir(), "berth-fast-up-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A stack directory: `index.ts` imports its command's argument from `lib.ts`, reads its greeting from the
 * stack config (Pulumi.dev.yaml, or BERTH_CONFIG_GREETING) and a secret from config.
 */
function stackDir(extra = ""): { dir: string; stack: string; env: Record<string, string> } {
  const stack = track(uniqueStack("fast"));
  const dir = writeStackProgram(join(tmp, stack), ["Config", "DockerHost", "Image", "Secret", "Service", "Size", "Stack"], [
    `import { seconds } from "./lib.ts";`,
    `const stack = new Stack(${JSON.stringify(stack)}, { environment: "dev", target: new DockerHost() });`,
    `new Service(stack, "web", {`,
    `  image: Image.fromRegistry(${JSON.stringify(BASE_IMAGE)}),`,
    `  command: ["sleep", seconds],`,
    `  env: { GREETING: Config.value("greeting") },`,
    `  secrets: { token: Secret.fromConfig("token") },`,
    `  resources: { cpu: 0.1, memory: Size.mebibytes(16), pids: 16 },`,
    `  user: "1000:1000",`,
    `});`,
    extra,
    `export default stack;`,
  ]);
  writeFileSync(join(dir, "lib.ts"), 'export const seconds = "3600";\n');
  writeFileSync(join(dir, "Pulumi.dev.yaml"), "config:\n  greeting: hello\n  token: first-token\n");
  return { dir, stack, env: { BERTH_STATE_DIR: stateDir, BERTH_DEBUG: "cache" } };
}

/** The cache's debug lines of a run. */
function cacheLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith("berth: up cache: "));
}

async function containerIds(stack: string): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`berth.stack=${stack}`] } });
  return list.map((c) => c.Id).sort();
}

describe("berth up's no-op fast path", () => {
  it("answers a second up from the record with a full run's exact output, touching nothing", async () => {
    const { dir, stack, env } = stackDir();
    const first = await berth(["up", dir], env);
    expect(first.code).toBe(0);
    expect(cacheLines(first.stderr)).toEqual(["berth: up cache: miss: no record from this build of Berth", "berth: up cache: written"]);
    expect(existsSync(upCacheFile(dir))).toBe(true);
    const ids = await containerIds(stack);

    const full = await berth(["up", dir], { ...env, BERTH_CACHE: "off" });
    const fast = await berth(["up", dir], env);
    expect(cacheLines(fast.stderr)).toEqual(["berth: up cache: hit"]);
    expect([fast.code, fast.stdout]).toEqual([0, full.stdout]);
    expect(fast.stdout).toBe(`No changes: '${stack}' is up to date.\n`);

    const fullJson = await berth(["up", dir, "--json"], { ...env, BERTH_CACHE: "off" });
    const fastJson = await berth(["up", "--json", dir], env);
    expect(cacheLines(fastJson.stderr)).toEqual(["berth: up cache: hit"]);
    expect(JSON.parse(fastJson.stdout)).toEqual(JSON.parse(fullJson.stdout));
    expect(await containerIds(stack)).toEqual(ids);
    // The record is the owner's alone and holds no secret value.
    const record = readFileSync(upCacheFile(dir), "utf8");
    expect(record).not.toContain("first-token");
  }, 180_000);

  it("runs the program again and applies the change when a file it imports changes", async () => {
    const { dir, stack, env } = stackDir();
    expect((await berth(["up", dir], env)).code).toBe(0);
    const before = await containerIds(stack);
    writeFileSync(join(dir, "lib.ts"), 'export const seconds = "3601";\n');
    const r = await berth(["up", dir], env);
    expect(cacheLines(r.stderr)).toEqual([`berth: up cache: miss: ${join(dir, "lib.ts")} changed`, "berth: up cache: written"]);
    expect(r.stdout).toContain(`'${stack}' is up: 1 changed`);
    expect(await containerIds(stack)).not.toEqual(before);
    expect((await docker.getContainer(`${stack}-web-1`).inspect()).Config.Cmd).toEqual(["sleep", "3601"]);
    expect(cacheLines((await berth(["up", dir], env)).stderr)).toEqual(["berth: up cache: hit"]);
  }, 180_000);

  it("runs the program again when an environment variable or a config file it read changes", async () => {
    const { dir, stack, env } = stackDir();
    expect((await berth(["up", dir], env)).code).toBe(0);
    const greeting = async () => ((await docker.getContainer(`${stack}-web-1`).inspect()).Config.Env ?? []).find((e) => e.startsWith("GREETING="));

    const byEnv = await berth(["up", dir], { ...env, BERTH_CONFIG_GREETING: "from-env" });
    expect(cacheLines(byEnv.stderr)[0]).toMatch(/^berth: up cache: miss: one of the environment variables .*BERTH_CONFIG_GREETING.* changed$/);
    expect(await greeting()).toBe("GREETING=from-env");

    writeFileSync(join(dir, "Pulumi.dev.yaml"), "config:\n  greeting: edited\n  token: first-token\n");
    const byFile = await berth(["up", dir], env);
    expect(cacheLines(byFile.stderr)[0]).toMatch(/^berth: up cache: miss: (one of the environment variables .* changed|.*Pulumi\.dev\.yaml changed)$/);
    expect(await greeting()).toBe("GREETING=edited");
    expect(cacheLines((await berth(["up", dir], env)).stderr)).toEqual(["berth: up cache: hit"]);
  }, 180_000);

  it("hands a stack whose live state differs to the full run, which repairs it", async () => {
    const { dir, stack, env } = stackDir();
    expect((await berth(["up", dir], env)).code).toBe(0);
    await docker.getContainer(`${stack}-web-1`).remove({ force: true });
    const r = await berth(["up", dir], env);
    expect(cacheLines(r.stderr)[0]).toBe("berth: up cache: miss: the engine has changes to make");
    expect(r.stdout).toContain(`'${stack}' is up: 1 changed`);
    expect((await owned(stack)).containers).toEqual([`${stack}-web-1`]);
  }, 180_000);

  it("rewrites a secret file whose config value changed, though the program never read it", async () => {
    const { dir, stack, env } = stackDir();
    expect((await berth(["up", dir], env)).code).toBe(0);
    writeFileSync(join(dir, "Pulumi.dev.yaml"), "config:\n  greeting: hello\n  token: second-token\n");
    const r = await berth(["up", dir], env);
    expect(r.code).toBe(0);
    const mount = (await docker.getContainer(`${stack}-web-1`).inspect()).Mounts.find((m) => m.Destination === "/run/secrets/token");
    expect(readFileSync(mount!.Source, "utf8")).toBe("second-token");
  }, 180_000);

  it("never records a program whose result depends on the clock, and says why", async () => {
    const { dir, env } = stackDir("void Date.now();");
    const first = await berth(["up", dir], env);
    expect(first.code).toBe(0);
    expect(cacheLines(first.stderr)).toContain("berth: up cache: not written: the program depends on Date.now(), which can differ on the next run");
    expect(existsSync(upCacheFile(dir))).toBe(false);
    expect(cacheLines((await berth(["up", dir], env)).stderr)[0]).toBe("berth: up cache: miss: no record from this build of Berth");
  }, 180_000);

  it("rebuilds and replaces when a build context file only changed its permissions", async () => {
    const { dir, stack, env } = stackDir();
    const ctx = join(dir, "ctx");
    mkdirSync(ctx);
    writeFileSync(join(ctx, "Dockerfile"), `FROM ${BASE_IMAGE}\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n`);
    writeFileSync(join(ctx, "run.sh"), "#!/bin/sh\nexec sleep 3600\n", { mode: 0o644 });
    const index = readFileSync(join(dir, "index.ts"), "utf8");
    writeFileSync(join(dir, "index.ts"), index.replace(`Image.fromRegistry(${JSON.stringify(BASE_IMAGE)})`, 'Image.fromBuild({ context: "./ctx" })').replace(`command: ["sleep", seconds],`, "command: undefined,"));
    // run.sh is not executable: the container keeps exiting with 126.
    await berth(["up", dir, "--timeout", "5"], env);
    const before = (await docker.getContainer(`${stack}-web-1`).inspect()).Image;
    chmodSync(join(ctx, "run.sh"), 0o755);
    const r = await berth(["up", dir], env);
    expect(cacheLines(r.stderr)[0]).toBe(`berth: up cache: miss: ${join(ctx, "run.sh")} changed`);
    expect(r.code).toBe(0);
    const after = await docker.getContainer(`${stack}-web-1`).inspect();
    expect([after.Image === before, after.State.Running, after.State.ExitCode]).toEqual([false, true, 0]);
  }, 180_000);

  it("ignores a damaged record and runs in full", async () => {
    const { dir, stack, env } = stackDir();
    expect((await berth(["up", dir], env)).code).toBe(0);
    const record = JSON.parse(readFileSync(upCacheFile(dir), "utf8")) as Record<string, unknown>;
    writeFileSync(upCacheFile(dir), JSON.stringify({ ...record, env: {} }));
    const r = await berth(["up", dir], env);
    expect([r.code, r.stdout, cacheLines(r.stderr)]).toEqual([0, `No changes: '${stack}' is up to date.\n`, ["berth: up cache: miss: no record from this build of Berth", "berth: up cache: written"]]);
  }, 180_000);

  it("is off with BERTH_CACHE=off: no record is read or written", async () => {
    const { dir, env } = stackDir();
    const r = await berth(["up", dir], { ...env, BERTH_CACHE: "off" });
    expect([r.code, cacheLines(r.stderr)]).toEqual([0, []]);
    expect(existsSync(upCacheFile(dir))).toBe(false);
  }, 180_000);
});
