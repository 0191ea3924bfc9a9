/**
 * The round trip: every sample of the compose corpus (and the chat project) is imported,
 * type-checked (all programs in one tsc run), synthesized and exported by the CLI, accepted by
 * docker-compose 1.29, and every field the importer says it mapped says the same in the
 * export as in the original.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCompose, writeImport, type ImportResult } from "../../importer/compose/index.ts";
import { BERTH_BIN, REPO_ROOT } from "../support/docker.ts";
import { compareMapped } from "./round-trip-compare.ts";

const CORPUS = "/work/shared/fixtures/compose-corpus";
const CHAT = "/work/shared/fixtures/chat-compose.yml";
const SAMPLES: Record<string, string> = Object.fromEntries([
  ...readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => [d.name, join(CORPUS, d.name, readdirSync(join(CORPUS, d.name)).find((f) => /^compose\.ya?ml$/.test(f))!)]),
  ["chat", CHAT],
]);

interface Outcome {
  result: ImportResult;
  exportError: string;
}

const root = mkdtempSync(join(tmpdir(), "berth-import-corpus-"));
const outcomes: Record<string, Outcome> = {};
let tscOutput = "";
let composeError = "";
let normalized: Record<string, any> = {};

/** Runs commands with at most `n` at a time (the machine has 2 cores). */
async function pool<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

function run(cmd: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, BERTH_CACHE: "off" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("close", (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
  });
}

/** Build contexts the corpus did not copy (it keeps compose files small): the test brings empty ones. */
function bringBuildContexts(result: ImportResult, dir: string): void {
  for (const svc of Object.values(result.project.services)) {
    if (svc.build === undefined) continue;
    const context = join(dir, typeof svc.build === "string" ? svc.build : (svc.build.context ?? "."));
    mkdirSync(context, { recursive: true });
  }
}

beforeAll(async () => {
  // The programs import Berth by name, as a team's programs do: link this checkout as "berth".
  mkdirSync(join(root, "node_modules"));
  symlinkSync(REPO_ROOT, join(root, "node_modules", "berth"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module", private: true }));
  for (const [name, file] of Object.entries(SAMPLES)) {
    // A copy of the sample, so the missing build contexts can be brought next to it.
    const src = join(root, "src", name);
    if (name === "chat") mkdirSync(src, { recursive: true });
    else cpSync(dirname(file), src, { recursive: true });
    const copy = join(src, basename(file));
    if (name === "chat") cpSync(file, copy);
    const result = importCompose({ files: [copy], outDir: join(root, name), env: {}, name });
    writeImport(join(root, name), result);
    bringBuildContexts(result, src);
    outcomes[name] = { result, exportError: "" };
  }
  writeFileSync(join(root, "tsconfig.json"), JSON.stringify({
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, types: ["node"], typeRoots: [join(REPO_ROOT, "node_modules/@types")] },
    include: Object.keys(SAMPLES).map((n) => `${n}/index.ts`),
  }));
  const tsc = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.json")], { encoding: "utf8" });
  tscOutput = `${tsc.stdout}${tsc.stderr}`;
  // Every export goes into one directory (their names never collide: Berth prefixes them with
  // the stack), so one docker-compose run checks them all: it takes seconds to start.
  const exports = join(root, "exports");
  await pool(Object.keys(SAMPLES), 2, async (name) => {
    const exp = await run(process.execPath, [BERTH_BIN, "export", join(root, name), "--out", join(exports, `${name}.yaml`)], root);
    if (exp.code !== 0) outcomes[name]!.exportError = exp.stderr;
    // Secret values are never exported: the operator provides the files.
    for (const m of exp.stdout.matchAll(/^provide (\S+): /gm)) {
      mkdirSync(dirname(m[1]!), { recursive: true });
      writeFileSync(m[1]!, "placeholder\n");
    }
    if (exp.code === 0) writeFileSync(join(exports, `${name}.checked.yaml`), readFileSync(join(exports, `${name}.yaml`), "utf8"));
  });
  const files = Object.keys(SAMPLES).filter((n) => !outcomes[n]!.exportError).flatMap((n) => ["-f", join(exports, `${n}.checked.yaml`)]);
  const cfg = await run("docker-compose", [...files, "config"], exports);
  composeError = cfg.code === 0 ? "" : cfg.stderr.trim();
  normalized = cfg.code === 0 ? parse(cfg.stdout) : {};
}, 240_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("every compose corpus sample round-trips through berth import", () => {
  it("type-checks all imported programs in one tsc run", () => {
    expect(tscOutput).toBe("");
  });

  it("gives every service field and top-level entry of every sample a line in IMPORT.md", () => {
    const silent = Object.entries(outcomes).flatMap(([name, o]) => {
      const paths = [
        ...Object.entries(o.result.project.services).flatMap(([svc, fields]) => Object.keys(fields).map((f) => `services.${svc}.${f}`)),
        ...(["networks", "volumes", "secrets", "configs"] as const).flatMap((k) => Object.keys(o.result.project[k] ?? {}).map((n) => `${k}.${n}`)),
      ];
      const lines = o.result.report.entries.map((e) => e.path);
      return paths.filter((p) => !lines.some((l) => l === p || l.startsWith(`${p}.`) || l.startsWith(`${p}[`))).map((p) => `${name}: ${p}`);
    });
    expect(silent).toEqual([]);
  });

  it("docker-compose 1.29 accepts every export", () => {
    expect(composeError).toBe("");
  });

  it.each(Object.keys(SAMPLES))("%s exports through the CLI and every mapped field is equal in the export", (name) => {
    const o = outcomes[name]!;
    expect(o.exportError).toBe("");
    expect(compareMapped(name, o.result.project, normalized, o.result.report.entries)).toEqual([]);
  });
});
