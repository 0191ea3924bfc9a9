import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cachedBundle } from "../../bin/bundle-cache.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SDK = join(ROOT, "sdk/index.ts");
const STACK_TRACE = /^\s+at .+(\(|:\d+:\d+)/m;

function berth(args: readonly string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["bin/berth.js", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "berth-bundle-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes a file as if saved a minute ago: a stamp that recent would look like an edit during the build. */
function writeEarlier(file: string, text: string): void {
  writeFileSync(file, text);
  const then = new Date(Date.now() - 60_000 + Math.floor(Math.random() * 1000));
  utimesSync(file, then, then);
}

describe("cachedBundle", () => {
  /** A builder that concatenates its inputs and counts how often it ran. */
  function counting(dir: string, inputs: string[]) {
    const runs = { n: 0 };
    const build = async (outFile: string) => {
      runs.n++;
      writeFileSync(outFile, inputs.map((f) => readFileSync(f, "utf8")).join("\n"));
      return { inputs };
    };
    return { runs, opts: (key = "k1") => ({ outFile: join(dir, "out.mjs"), key, build }) };
  }

  it("builds once and reuses the bundle while no input changed", async () => {
    const dir = mkdtempSync(join(tmp, "reuse-"));
    const a = join(dir, "a.ts");
    writeEarlier(a, "export const a = 1;");
    const { runs, opts } = counting(dir, [a]);
    expect((await cachedBundle(opts())).rebuilt).toBe(true);
    expect((await cachedBundle(opts())).rebuilt).toBe(false);
    expect(runs.n).toBe(1);
    expect(readFileSync(join(dir, "out.mjs"), "utf8")).toBe("export const a = 1;");
  });

  it("rebuilds when an input's content, its mtime alone, or the key changes, and when an input disappears", async () => {
    const dir = mkdtempSync(join(tmp, "stale-"));
    const a = join(dir, "a.ts");
    const b = join(dir, "b.ts");
    writeEarlier(a, "export const a = 1;");
    writeEarlier(b, "export const b = 1;");
    const { runs, opts } = counting(dir, [a, b]);
    await cachedBundle(opts());
    writeEarlier(a, "export const a = 22;");
    expect((await cachedBundle(opts())).rebuilt).toBe(true);
    expect(readFileSync(join(dir, "out.mjs"), "utf8")).toContain("a = 22");
    utimesSync(b, new Date(), new Date(Date.now() + 5_000));
    expect((await cachedBundle(opts())).rebuilt).toBe(true);
    expect((await cachedBundle(opts("k2"))).rebuilt).toBe(true);
    expect((await cachedBundle(opts("k2"))).rebuilt).toBe(false);
    rmSync(b);
    writeEarlier(b, "export const b = 1;"); // same size, new file: a new mtime
    expect((await cachedBundle(opts("k2"))).rebuilt).toBe(true);
    expect(runs.n).toBe(5);
  });

  it("leaves the previous bundle in place and no temporary file when a build fails", async () => {
    const dir = mkdtempSync(join(tmp, "fail-"));
    const a = join(dir, "a.ts");
    writeEarlier(a, "export const a = 1;");
    const { opts } = counting(dir, [a]);
    await cachedBundle(opts());
    const failing = { ...opts("k3"), build: async (outFile: string) => { writeFileSync(outFile, "half"); throw new Error("syntax error"); } };
    await expect(cachedBundle(failing)).rejects.toThrow("syntax error");
    expect(readFileSync(join(dir, "out.mjs"), "utf8")).toBe("export const a = 1;");
    expect(spawnSync("ls", [dir], { encoding: "utf8" }).stdout.split("\n").filter((f) => f.includes(".tmp"))).toEqual([]);
    // The failed key is not recorded: the next run with it builds again.
    expect((await cachedBundle(opts("k3"))).rebuilt).toBe(true);
  });

  it("does not trust a bundle next time when an input changed while it was being built", async () => {
    const dir = mkdtempSync(join(tmp, "race-"));
    const a = join(dir, "a.ts");
    writeEarlier(a, "export const a = 1;");
    let runs = 0;
    const opts = {
      outFile: join(dir, "out.mjs"),
      key: "k",
      build: async (outFile: string) => {
        runs++;
        writeFileSync(outFile, readFileSync(a, "utf8"));
        // The user saves while esbuild works: the stamp is new, the bundle has the old text.
        if (runs === 1) writeFileSync(a, "export const a = 2;");
        return { inputs: [a] };
      },
    };
    const first = await cachedBundle(opts);
    expect([first.rebuilt, first.settled, readFileSync(join(dir, "out.mjs"), "utf8")]).toEqual([true, false, "export const a = 1;"]);
    const second = await cachedBundle(opts);
    expect([second.rebuilt, readFileSync(join(dir, "out.mjs"), "utf8")]).toEqual([true, "export const a = 2;"]);
  });
});

describe("stack programs run from the CLI bundle", () => {
  /** A stack directory whose program imports a component from a sibling file. */
  function stackDir(name: string, env: string) {
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "component.ts"),
      `import { Image, Service, type Stack } from ${JSON.stringify(SDK)};\n` +
        `export function web(stack: Stack) {\n` +
        `  return new Service(stack, "web", { image: Image.fromRegistry("nginx:1.27"), env: { GREETING: ${JSON.stringify(env)}, HERE: import.meta.dirname } });\n` +
        `}\n`,
    );
    writeFileSync(
      join(dir, "index.ts"),
      `import { DockerHost, Stack, StackConfig } from ${JSON.stringify(SDK)};\n` +
        `import { web } from "./component.ts";\n` +
        `const stack = new Stack("bundled", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });\n` +
        `web(stack);\n` +
        `export default stack;\n`,
    );
    return dir;
  }
  const env = (stdout: string) => (JSON.parse(stdout) as { nodes: { id: string; spec: { env?: Record<string, { value?: string }> } }[] }).nodes.find((n) => n.id === "web")!.spec.env;

  it("picks up an edit to a file the program imports on the next run", () => {
    const dir = stackDir("edit", "hello");
    const first = berth(["synth", dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.stringify(env(first.stdout))).toContain("hello");
    writeFileSync(join(dir, "component.ts"), readFileSync(join(dir, "component.ts"), "utf8").replace('"hello"', '"bonjour"'));
    const second = berth(["synth", dir]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.stringify(env(second.stdout))).toContain("bonjour");
    expect(JSON.stringify(env(second.stdout))).not.toContain("hello");
  });

  it("gives import.meta.dirname the directory of the file that uses it, not the bundle's", () => {
    const dir = stackDir("meta", "hi");
    const r = berth(["synth", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.stringify(env(r.stdout))).toContain(JSON.stringify(dir));
    expect(r.stdout).not.toContain(".berth");
  });

  it("reports a program that does not compile with its file and line, exit 1 and no stack trace", () => {
    const dir = stackDir("broken", "hi");
    writeFileSync(join(dir, "component.ts"), "export function web( {\n");
    const r = berth(["synth", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("[cli.stack-compile]");
    expect(r.stderr).toMatch(new RegExp(`at ${join(dir, "component.ts")}:\\d+:\\d+`));
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it("synthesizes stacks/dev to the same bytes from the bundle as from the TypeScript sources", () => {
    const bundled = berth(["synth", "stacks/dev"]);
    const fromSource = berth(["synth", "stacks/dev"], { BERTH_FROM_SOURCE: "1" });
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(fromSource.code, fromSource.stderr).toBe(0);
    expect(bundled.stdout).toBe(fromSource.stdout);
    expect(bundled.stdout.length).toBeGreaterThan(1000);
  });
});
