/**
 * `npm run bench -- kubernetes [services]`: N one-replica services (default 20) on the
 * kubeconfig's cluster (`KUBECONFIG`, default the berth-k8s kit's), side by side in one run:
 *
 * - `berth up` (the CLI, a process like kubectl) cold until every Deployment is ready, then a
 *   no-op `berth up`; the mutating requests of a no-op are counted by Berth's Kubernetes
 *   client (every request goes through it, engine/client.ts) on a no-op `up` through the
 *   session API;
 * - `kubectl apply --server-side -f <berth export>` of the same program (another namespace),
 *   then `kubectl rollout status` for each Deployment; then the same apply again (no-op).
 *
 * Each side has its own namespace, deleted at the end (also on failure); every command has a
 * timeout, so the run is bounded and stops by itself.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openKubernetesSession } from "../providers/kubernetes/engine/session.ts";
import type { Graph } from "../sdk/graph/schema.ts";

/** Short description for `npm run bench`. */
export const description = "Kubernetes: berth up (cold, no-op, mutating requests) vs kubectl apply --server-side + rollout status of the exported YAML";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const IMAGE = "localhost/berth/busybox:1.35";
const TIMEOUT_MS = 300_000;

/** The benchmark program: `count` one-replica services in namespace `ns`. */
function program(ns: string, count: number): string {
  const lines = [
    `import { Image, Kubernetes, Service, Size, Stack, StackConfig } from ${JSON.stringify(join(ROOT, "sdk/index.ts"))};`,
    `const stack = new Stack(${JSON.stringify(ns)}, { environment: "dev", target: new Kubernetes({ namespace: ${JSON.stringify(ns)} }), config: StackConfig.from({}) });`,
    `const image = Image.fromRegistry(${JSON.stringify(IMAGE)});`,
    `for (let i = 0; i < ${count}; i++) {`,
    `  new Service(stack, "svc" + String(i).padStart(2, "0"), { image, command: ["sleep", "3600"], env: { INDEX: String(i) }, resources: { cpu: 0.01, memory: Size.mebibytes(8) }, user: "65534:65534" });`,
    `}`,
    `export default stack;`,
  ];
  return lines.join("\n");
}

/** Runs a command (bounded); throws with its output when it fails. */
function sh(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", timeout: TIMEOUT_MS, env: process.env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.error ? String(r.error) : `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const berth = (...args: string[]) => sh(process.execPath, [join(ROOT, "bin/berth.js"), ...args]);

/**
 * Runs a command under GNU time: wall and CPU (user + system) seconds. On a machine shared with
 * other work, CPU time is what a command costs; wall time also counts waiting for a core.
 */
function timed(cmd: string, args: readonly string[], scratch: string): { wall: number; cpu: number } {
  const out = join(scratch, "time.txt");
  sh("/usr/bin/time", ["-f", "%e %U %S", "-o", out, cmd, ...args]);
  const [wall, user, sys] = readFileSync(out, "utf8").trim().split(/\s+/).slice(-3).map(Number) as [number, number, number];
  return { wall: wall * 1000, cpu: (user + sys) * 1000 };
}
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Runs the benchmark. */
export async function run(args: readonly string[]): Promise<void> {
  const count = Number(args[0] ?? 20);
  process.env.KUBECONFIG ??= "/tmp/berth-k8s/admin.kubeconfig";
  const id = randomBytes(3).toString("hex");
  const berthNs = `bench-k8s-b-${id}`;
  const kubectlNs = `bench-k8s-k-${id}`;
  const dir = mkdtempSync(join(tmpdir(), "berth-bench-k8s-"));
  const berthDir = join(dir, "berth");
  const kubectlDir = join(dir, "kubectl");
  try {
    for (const [d, ns] of [[berthDir, berthNs], [kubectlDir, kubectlNs]] as const) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, "index.ts"), program(ns, count));
    }
    const manifest = join(dir, "kubectl.yaml");
    berth("export", kubectlDir, "--format", "kubernetes", "--out", manifest);
    const deployments = Array.from({ length: count }, (_, i) => `svc${String(i).padStart(2, "0")}`);
    process.stdout.write(`kubernetes benchmark: ${count} services, server ${sh("kubectl", ["version", "-o", "json"]).match(/"serverVersion"[\s\S]*?"gitVersion": "([^"]+)"/)?.[1] ?? "?"}, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}\n`);

    const berthCold = time(() => berth("up", berthDir, "--timeout", "300"));
    const kubectlCold = time(() => {
      sh("kubectl", ["apply", "--server-side", "-f", manifest]);
      for (const d of deployments) sh("kubectl", ["-n", kubectlNs, "rollout", "status", `deployment/${d}`, "--timeout=300s"]);
    });
    // No-ops: the median of 3 each, alternating, so both see the same background load.
    const berthNoops: { wall: number; cpu: number }[] = [];
    const kubectlNoops: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < 3; i++) {
      berthNoops.push(timed(process.execPath, [join(ROOT, "bin/berth.js"), "up", berthDir], dir));
      kubectlNoops.push(timed("kubectl", ["apply", "--server-side", "-f", manifest], dir));
    }
    const berthNoop = median(berthNoops.map((t) => t.wall));
    const kubectlNoop = median(kubectlNoops.map((t) => t.wall));
    const berthCpu = median(berthNoops.map((t) => t.cpu));
    const kubectlCpu = median(kubectlNoops.map((t) => t.cpu));

    // The no-op again through the session API (the engine alone, without the CLI process,
    // program and policy gate), so its client's request record can be read.
    const graph = JSON.parse(berth("synth", berthDir)) as Graph;
    const engineNoops: number[] = [];
    let mutating = 0;
    let changed = false;
    for (let i = 0; i < 3; i++) {
      const session = openKubernetesSession({ graph, dir: berthDir, config: () => undefined });
      const t0 = performance.now();
      const noop = await session.up({ parallelism: 4, timeoutMs: 60_000 });
      engineNoops.push(performance.now() - t0);
      mutating += session.client.mutations.length + session.client.lockRequests.length;
      changed ||= noop.changed;
    }
    const engineNoop = median(engineNoops);

    process.stdout.write(`${"".padEnd(14)}${"berth".padStart(10)}${"kubectl".padStart(10)}${"berth/kubectl".padStart(15)}\n`);
    const row = (what: string, b: number, k: number, note: string) =>
      process.stdout.write(`${what.padEnd(14)}${seconds(b).padStart(10)}${seconds(k).padStart(10)}${(b / k).toFixed(2).padStart(15)}  ${note}\n`);
    row("cold", berthCold, kubectlCold, "berth up vs kubectl apply --server-side + rollout status each, to every Deployment ready");
    row("no-op CLI", berthNoop, kubectlNoop, `median of 3; kubectl takes ${(kubectlNoop / berthNoop).toFixed(1)}x berth's time`);
    row("no-op CPU", berthCpu, kubectlCpu, `median of 3, user + system CPU time of the processes; kubectl uses ${(kubectlCpu / berthCpu).toFixed(1)}x berth's`);
    row("no-op engine", engineNoop, kubectlNoop, `median of 3, Berth's session.up in-process (no CLI start, program or gate); ${(kubectlNoop / engineNoop).toFixed(1)}x`);
    process.stdout.write(`no-op berth up: changed=${changed}, ${mutating} mutating requests in 3 runs (counted by Berth's Kubernetes client, the only door to the API server); kubectl apply --server-side sends one PATCH per object (${count * 2 + 3} here)\n`);
  } finally {
    for (const ns of [berthNs, kubectlNs]) spawnSync("kubectl", ["delete", "namespace", ns, "--ignore-not-found", "--wait=false"], { stdio: "ignore", timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
  }
}
