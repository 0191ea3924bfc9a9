/**
 * `npm run bench -- docker [services]`: deploying N services (default 20) on one network, with
 * CPU, memory and pids limits, on `berth-local/busybox:1` (scripts/offline-images.sh), side by
 * side in one run:
 *
 * - Berth's engine through its API, in this process: `up` cold (median of 3 rounds, alternating
 *   with the raw floor), `up` again (no-op, counting mutating Engine API calls), `up` after
 *   changing one service's env;
 * - the same through the CLI (`node bin/berth.js up <dir>`), timing the whole process (no-op:
 *   the median of 5 runs after a 5 s pause, as for docker-compose), its no-op also without the
 *   up cache (BERTH_CACHE=off), and how many no-ops the cache answered;
 * - docker-compose 1.29 `up -d` on the compose file `berth export` writes for the same graph;
 * - a raw dockerode floor: create network, then create + start the same container bodies,
 *   nothing else, at Berth's parallelism (median of 3 rounds) and unbounded.
 *
 * Each contestant gets its own stack name (same graph otherwise), and everything created is
 * removed at the end, also on failure.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import { synth } from "../sdk/index.ts";
import { BENCH_IMAGE as IMAGE, benchStack } from "./docker-stack.ts";
import { DockerEngineClient } from "../providers/shared/docker-api/client.ts";
import { down, lowerForEngine, up } from "../providers/docker/engine/engine.ts";
import { exportCompose } from "../providers/docker/export.ts";
import type { DockerContainerNode, DockerGraph } from "../providers/docker/target.ts";

/** Short description for `npm run bench`. */
export const description = "Docker host: Berth up (cold, no-op, one change) vs docker-compose 1.29 vs a raw dockerode floor";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
/** The CLI launcher to time. @default bin/berth.js */
const CLI = process.env.BERTH_BENCH_CLI ?? join(root, "bin/berth.js");
const PARALLELISM = 4;
/** No-op runs are short and noisy: each tool's is the median of this many. */
const NOOP_RUNS = 5;
/** Cold runs of Berth's API and of the raw floor: the median of this many rounds each. */
const COLD_ROUNDS = 3;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * A pause before each tool's no-op runs: right after a cold start of 20 containers, dockerd and
 * containerd are still busy for a few seconds, which would weigh on whichever no-op comes first.
 */
const settle = () => new Promise((r) => setTimeout(r, 5_000));

/** The median time of `runs` runs of `fn`. */
async function medianOf(runs: number, fn: () => Promise<{ ms: number }>): Promise<{ ms: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await fn()).ms);
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)]! };
}

/** Runs a command to completion, failing loudly with its stderr; returns its stderr. */
function sh(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { env, encoding: "utf8", cwd: root });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}: ${r.stderr}`);
  return r.stderr;
}

function lowered(name: string, variant: string, count: number, dir: string): DockerGraph {
  return lowerForEngine(synth(benchStack(name, variant, count)), dir);
}

/** Removes every container and network whose name starts with the run's prefix (only this run's objects). */
async function cleanup(docker: Docker, prefix: string): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { name: [prefix] } });
  await Promise.all(containers.filter((c) => c.Names.some((n) => n.startsWith(`/${prefix}`))).map((c) => docker.getContainer(c.Id).remove({ force: true })));
  const networks = await docker.listNetworks({ filters: { name: [prefix] } });
  for (const n of networks.filter((x) => x.Name.startsWith(prefix))) await docker.getNetwork(n.Id).remove();
}

/** Bounded-parallel map. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

interface Row {
  readonly cold: number;
  readonly noop: number;
  readonly change: number;
}

/** Runs every contestant and prints the table and the ratios. */
export async function run(args: readonly string[]): Promise<void> {
  const count = args[0] ? Number(args[0]) : 20;
  if (!Number.isInteger(count) || count < 1) throw new Error(`services must be a positive integer, got ${args[0]}`);
  const docker = new Docker();
  if (!(await docker.getImage(IMAGE).inspect().catch(() => undefined))) throw new Error(`${IMAGE} is missing: run scripts/offline-images.sh first`);
  const prefix = `bb${randomBytes(3).toString("hex")}`;
  const load = loadavg();
  // Inside the repository (.berth/ is git-ignored) so the generated stack program is an ES
  // module like every stack: a directory without package.json would load it as CommonJS.
  mkdirSync(join(root, ".berth"), { recursive: true });
  const dir = mkdtempSync(join(root, ".berth", "bench-"));
  const stateDir = join(dir, "state");
  process.env.BERTH_STATE_DIR = stateDir;
  const lines: string[] = [];
  const log = (l: string) => {
    lines.push(l);
    process.stderr.write(`${l}\n`);
  };
  try {
    // Warm-up, not measured: the first container a run creates pays for cold caches in dockerd.
    const warm = await docker.createContainer({ name: `${prefix}-warmup`, Image: IMAGE, Cmd: ["true"] });
    await warm.start();
    await warm.wait();
    await warm.remove({ force: true });

    // The raw dockerode floor: create network, then create + start the same container bodies.
    // At Berth's parallelism (like for like) and unbounded (every container at once; compose's
    // own limit is 64), each on its own stack name.
    const rawFloor = async (name: string, limit: number) => {
      const g = lowered(name, "1", count, dir);
      return timed(async () => {
        for (const n of g.nodes) if (n.kind === "docker.network") await docker.createNetwork(n.create);
        const containers = g.nodes.filter((n): n is DockerContainerNode => n.kind === "docker.container");
        await pool(containers, limit, async (n) => {
          const c = await docker.createContainer({ name: n.name, ...n.create } as Docker.ContainerCreateOptions);
          await c.start();
        });
      });
    };

    // ------------------------------------------------------------ Berth API vs the floor, cold
    // A cold run of 20 containers varies by ±10% with dockerd's state: each is the median of
    // COLD_ROUNDS rounds, the two contestants alternating which goes first. The last round's
    // Berth stack also measures the no-op and the one-change runs.
    const client = new DockerEngineClient();
    const sources = { config: () => undefined };
    const apiColds: number[] = [];
    const rawColds: number[] = [];
    let noopMutations = 0;
    let apiNoop = { ms: 0 };
    let apiChange = { ms: 0 };
    for (let round = 0; round < COLD_ROUNDS; round++) {
      const apiName = `${prefix}-api${round}`;
      const apiRun = async () => {
        apiColds.push((await timed(() => up(client, lowered(apiName, "1", count, dir), sources, { parallelism: PARALLELISM }))).ms);
        let variant = "1";
        if (round === COLD_ROUNDS - 1) {
          const before = client.mutations.length;
          apiNoop = await timed(() => up(client, lowered(apiName, "1", count, dir), sources, { parallelism: PARALLELISM }));
          noopMutations = client.mutations.length - before;
          apiChange = await timed(() => up(client, lowered(apiName, (variant = "2"), count, dir), sources, { parallelism: PARALLELISM }));
        }
        await down(client, lowered(apiName, variant, count, dir));
      };
      const rawRun = async () => {
        rawColds.push((await rawFloor(`${prefix}-raw${round}`, PARALLELISM)).ms);
        await cleanup(docker, `${prefix}-raw${round}`);
      };
      for (const contestant of round % 2 === 0 ? [apiRun, rawRun] : [rawRun, apiRun]) await contestant();
    }
    const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const raw = { ms: median(rawColds) };
    const api: Row = { cold: median(apiColds), noop: apiNoop.ms, change: apiChange.ms };
    log(`berth (API)    cold ${seconds(api.cold)} (median of ${COLD_ROUNDS}: ${apiColds.map(seconds).join(", ")}), no-op ${seconds(api.noop)} (${noopMutations} mutating calls), one change ${seconds(api.change)}`);

    // ------------------------------------------------------------ Berth, CLI as a child process
    const cliName = `${prefix}-cli`;
    const stackDir = join(dir, "stack");
    mkdirSync(stackDir, { recursive: true });
    writeFileSync(
      join(stackDir, "index.ts"),
      `import { benchStack } from ${JSON.stringify(join(here, "docker-stack.ts"))};\n` +
        `export default benchStack(${JSON.stringify(cliName)}, process.env.BERTH_BENCH_VARIANT ?? "1", ${count});\n`,
    );
    const berth = (variant: string, ...cmd: string[]) => timed(() => sh(process.execPath, [CLI, ...cmd, stackDir], { ...process.env, BERTH_BENCH_VARIANT: variant, BERTH_DEBUG: "cache" }));
    // Not measured: builds the CLI bundle if a source changed since the last run (bin/cli-bundle.js),
    // as the first command after an edit or `npm ci` does; then the start-up alone is timed.
    sh(process.execPath, [CLI, "--version"]);
    const startup = await timed(() => sh(process.execPath, [CLI, "--version"]));
    const cliCold = await berth("1", "up", "--parallelism", String(PARALLELISM));
    await settle();
    // Says whether each no-op was answered from the up cache (cli/up-cache/): it should be.
    let hits = 0;
    const cliNoop = await medianOf(NOOP_RUNS, async () => {
      const r = await berth("1", "up", "--parallelism", String(PARALLELISM));
      if (r.value.includes("berth: up cache: hit")) hits++;
      return r;
    });
    // The same no-op without the cache: the program runs, is synthesized, lowered and gated.
    process.env.BERTH_CACHE = "off";
    const cliNoopFull = await medianOf(NOOP_RUNS, () => berth("1", "up", "--parallelism", String(PARALLELISM))).finally(() => delete process.env.BERTH_CACHE);
    const cliChange = await berth("2", "up", "--parallelism", String(PARALLELISM));
    await berth("2", "down");
    const cli: Row = { cold: cliCold.ms, noop: cliNoop.ms, change: cliChange.ms };
    log(`berth (CLI)    cold ${seconds(cli.cold)}, no-op ${seconds(cli.noop)}, one change ${seconds(cli.change)}  (node + CLI start alone, 'berth --version': ${seconds(startup.ms)})`);

    // ------------------------------------------------------------ docker-compose 1.29
    const composeName = `${prefix}-compose`;
    const composeFile = join(dir, "compose.yaml");
    const compose = (variant: string, ...cmd: string[]) => {
      writeFileSync(composeFile, exportCompose(lowered(composeName, variant, count, dir)));
      return timed(() => sh("docker-compose", ["-p", composeName, "-f", composeFile, ...cmd]));
    };
    const cCold = await compose("1", "up", "-d");
    await settle();
    const cNoop = await medianOf(NOOP_RUNS, () => compose("1", "up", "-d"));
    const cChange = await compose("2", "up", "-d");
    await compose("2", "down");
    const comp: Row = { cold: cCold.ms, noop: cNoop.ms, change: cChange.ms };
    log(`docker-compose cold ${seconds(comp.cold)}, no-op ${seconds(comp.noop)}, one change ${seconds(comp.change)}`);

    // ------------------------------------------------------------ raw dockerode, unbounded
    const rawAll = await rawFloor(`${prefix}-rawall`, count);
    log(`raw dockerode  cold ${seconds(raw.ms)} at parallelism ${PARALLELISM} (median of ${COLD_ROUNDS}: ${rawColds.map(seconds).join(", ")}), ${seconds(rawAll.ms)} unbounded (create network + create/start ${count} containers)`);

    const out = [
      "",
      `${count} services on one network with cpu/memory/pids limits, image ${IMAGE}, parallelism ${PARALLELISM}`,
      `node ${process.version}, ${cpus().length} CPUs, load average at start ${load.map((x) => x.toFixed(1)).join(" ")}, now ${loadavg().map((x) => x.toFixed(1)).join(" ")}`,
      "",
      `${"".padEnd(16)}${"cold".padStart(10)}${"no-op".padStart(10)}${"one change".padStart(12)}`,
      ...([
        ["berth (API)", api],
        ["berth (CLI)", cli],
        ["docker-compose", comp],
      ] as const).map(([name, r]) => `${name.padEnd(16)}${seconds(r.cold).padStart(10)}${seconds(r.noop).padStart(10)}${seconds(r.change).padStart(12)}`),
      `${"raw dockerode".padEnd(16)}${seconds(raw.ms).padStart(10)}${"-".padStart(10)}${"-".padStart(12)}   parallelism ${PARALLELISM}`,
      `${"raw dockerode".padEnd(16)}${seconds(rawAll.ms).padStart(10)}${"-".padStart(10)}${"-".padStart(12)}   unbounded`,
      "",
      `cold:   berth API / raw floor = ${ratio(api.cold, raw.ms)} (target <= 1.10x), / unbounded floor = ${ratio(api.cold, rawAll.ms)}; berth CLI / raw floor = ${ratio(cli.cold, raw.ms)} (includes process start)`,
      `no-op:  berth CLI whole process = ${seconds(cli.noop)} (target < 0.50 s); compose no-op / berth CLI no-op = ${ratio(comp.noop, cli.noop)} (target >= 3x); berth API no-op = ${seconds(api.noop)}, ${noopMutations} mutating calls`,
      `        ${hits} of ${NOOP_RUNS} CLI no-ops answered from the up cache; with BERTH_CACHE=off (program, synth, lowering and gate run) ${seconds(cliNoopFull.ms)}, compose / that = ${ratio(comp.noop, cliNoopFull.ms)}`,
      `change: compose / berth CLI = ${ratio(comp.change, cli.change)}; compose / berth API = ${ratio(comp.change, api.change)}`,
      `cold:   compose / berth CLI = ${ratio(comp.cold, cli.cold)}`,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    await cleanup(docker, prefix).catch((e) => process.stderr.write(`cleanup: ${String(e)}\n`));
    rmSync(dir, { recursive: true, force: true });
  }
}
