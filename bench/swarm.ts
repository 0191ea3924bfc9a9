/**
 * `npm run bench -- swarm [services]`: deploying N services (default 10) on one overlay
 * network on a swarm manager, side by side in one run:
 *
 * - Berth's swarm engine through its API: `up` cold, `up` again (no-op, counting mutating
 *   Engine API calls), `up` after changing one service's env — each until converged;
 * - `docker stack deploy` of the stack file `exportSwarm` writes for the same program (another
 *   stack name): cold, the same file again, the file with one env changed — each timed until
 *   every service runs its replicas with the current spec (the command itself returns early).
 *
 * Everything created is removed at the end, also on failure. The engine must be a swarm
 * manager (`docker swarm init --advertise-addr 127.0.0.1`).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Docker from "dockerode";
import { Image, Network, Service, Size, Stack, Swarm, synth } from "../sdk/index.ts";
import { downSwarm, openSwarmSession, upSwarm } from "../providers/swarm/engine.ts";
import { exportSwarm } from "../providers/swarm/export.ts";

/** Short description for `npm run bench`. */
export const description = "Swarm: Berth up (cold, no-op, one change) vs docker stack deploy of the exported stack file";

const IMAGE = "berth-local/busybox:1";

/** The benchmark program: `count` one-replica services; `variant` changes the first one's env only. */
function benchProgram(name: string, variant: string, count: number) {
  const stack = new Stack(name, { environment: "dev", target: new Swarm() });
  const net = new Network(stack, "net");
  const image = Image.fromRegistry(IMAGE);
  for (let i = 0; i < count; i++) {
    new Service(stack, `svc${String(i).padStart(2, "0")}`, {
      image,
      command: ["sleep", "3600"],
      replicas: 1,
      env: { INDEX: String(i), VARIANT: i === 0 ? variant : "1" },
      networks: [net],
      resources: { cpu: 0.1, memory: Size.mebibytes(16) },
      user: "65534:65534",
    });
  }
  return synth(stack);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Waits until every service of a `docker stack` runs its replicas with the current spec. */
async function stackConverged(docker: Docker, stack: string, count: number, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const services = (await docker.listServices({ filters: { label: [`com.docker.stack.namespace=${stack}`] } })) as unknown as { ID: string; UpdateStatus?: { State?: string } }[];
    let ready = 0;
    for (const s of services) {
      if (s.UpdateStatus?.State === "updating") continue;
      const tasks = (await docker.listTasks({ filters: { service: [s.ID], "desired-state": ["running"] } })) as { Status: { State: string } }[];
      if (tasks.length === 1 && tasks[0]!.Status.State === "running") ready++;
    }
    if (services.length === count && ready === count) return;
    if (Date.now() > deadline) throw new Error(`docker stack ${stack} did not converge in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs the benchmark. */
export async function run(args: readonly string[]): Promise<void> {
  const count = Number(args[0] ?? 10);
  const docker = new Docker();
  const id = randomBytes(3).toString("hex");
  const berthStack = `bench-sw-${id}`;
  const dockerStack = `bench-st-${id}`;
  const dir = mkdtempSync(join(tmpdir(), "berth-bench-swarm-"));
  process.env.BERTH_STATE_DIR ??= join(dir, "state");
  const rows: { what: string; berth: number; stack: number; note: string }[] = [];
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const deployStack = async (variant: string) => {
    const g = openSwarmSession(benchProgram(dockerStack, variant, count), dir, () => undefined).graph;
    const out = exportSwarm(g);
    for (const [rel, text] of Object.entries(out.files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const r = spawnSync("docker", ["stack", "deploy", "--resolve-image", "never", "-c", join(dir, "stack.yaml"), dockerStack], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`docker stack deploy failed: ${r.stderr}`);
    // Give the orchestrator a moment to register the update before polling for convergence.
    await new Promise((res) => setTimeout(res, 500));
    await stackConverged(docker, dockerStack, count);
  };
  const berth = (variant: string) => openSwarmSession(benchProgram(berthStack, variant, count), dir, () => undefined);
  try {
    process.stdout.write(`swarm benchmark: ${count} services, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}\n`);
    const cold = berth("1");
    const berthCold = await time(() => upSwarm(cold.client, cold.graph, cold.sources, { parallelism: 4 }));
    const stackCold = await time(() => deployStack("1"));
    rows.push({ what: "cold", berth: berthCold, stack: stackCold, note: "" });
    const noop = berth("1");
    const berthNoop = await time(() => upSwarm(noop.client, noop.graph, noop.sources));
    const stackNoop = await time(() => deployStack("1"));
    rows.push({ what: "no-op", berth: berthNoop, stack: stackNoop, note: `berth mutating calls: ${noop.client.engine.mutations.length}` });
    const change = berth("2");
    const berthChange = await time(() => upSwarm(change.client, change.graph, change.sources));
    const stackChange = await time(() => deployStack("2"));
    rows.push({ what: "one change", berth: berthChange, stack: stackChange, note: `berth mutating calls: ${change.client.engine.mutations.map((m) => m.op).join(", ")}` });
    process.stdout.write(`${"".padEnd(12)}${"berth".padStart(10)}${"stack deploy".padStart(14)}${"ratio".padStart(8)}\n`);
    for (const r of rows) {
      process.stdout.write(`${r.what.padEnd(12)}${seconds(r.berth).padStart(10)}${seconds(r.stack).padStart(14)}${(r.berth / r.stack).toFixed(2).padStart(8)}  ${r.note}\n`);
    }
    const down = berth("2");
    await downSwarm(down.client, down.graph);
  } finally {
    spawnSync("docker", ["stack", "rm", dockerStack], { stdio: "ignore" });
    const leftovers = (await docker.listServices()) as unknown as { ID: string; Spec: { Name: string } }[];
    for (const s of leftovers.filter((x) => x.Spec.Name.startsWith(berthStack))) await docker.getService(s.ID).remove().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
