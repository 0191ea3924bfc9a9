/**
 * `npm run bench -- synth [sizes...] [--repeat R]`: Berth synth + check against cdk8s-plus synthesizing the
 * same number of workloads, in the same process, one after the other.
 *
 * Berth: N Services (image, env, ports, limits, healthcheck, network) → construct, synth,
 * policy check (checkGraph) and the portability report, on a Kubernetes target; then, reported
 * beside the measure, the graph written as canonical JSON text.
 * cdk8s-plus-33: N Deployment + Service pairs with the same container settings → synthYaml().
 *
 * Heap: V8 heap growth during the run (before GC) and retained after a forced GC with the
 * result still referenced (Berth keeps graph + findings; cdk8s-plus keeps its YAML).
 */
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { App, Chart, Duration as K8sDuration, Size as K8sSize } from "cdk8s";
import * as kplus from "cdk8s-plus-33";
import { Duration, Image, Kubernetes, Network, Service, Size, Stack, StackConfig, synth } from "../sdk/index.ts";
import { checkGraph } from "../sdk/policy/check.ts";
import { portabilityFindings, portabilityReport } from "../sdk/portability/report.ts";
import { kubernetesCapabilities } from "../providers/kubernetes/capabilities.ts";
import { canonicalJson } from "../sdk/graph/canonical.ts";

/** Short description for `npm run bench`. */
export const description = "synth + check of N services: Berth vs cdk8s-plus (Deployment + Service pairs)";

const gc: () => void = (() => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  // Without --expose-gc: turn the flag on at runtime and fetch gc from a fresh context.
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

interface Measure {
  readonly ms: number;
  /** Retained heap after GC, with the result referenced. */
  readonly heapMiB: number;
  /** Heap growth before that GC: live data plus garbage not yet collected. */
  readonly allocMiB: number;
  readonly phases: Readonly<Record<string, number>>;
  /** Keeps the result alive until the heap is measured. */
  readonly keep: unknown;
}

/**
 * Whether {@link measure} forces a GC before and after the run, to read the heap. Timed runs do
 * not: a forced full GC discards optimised code and type feedback, so every timed run after it
 * would measure V8 warming up again (both tools alike). The heap comes from one run of its own.
 */
let heapRun = false;

function measure(fn: (phase: (name: string) => void) => unknown): Measure {
  if (heapRun) gc();
  const heap0 = process.memoryUsage().heapUsed;
  const phases: Record<string, number> = {};
  const t0 = performance.now();
  let last = t0;
  const keep = fn((name) => {
    const now = performance.now();
    phases[name] = now - last;
    last = now;
  });
  const ms = performance.now() - t0;
  const allocMiB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  if (heapRun) gc();
  const heapMiB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  return { ms, heapMiB, allocMiB, phases, keep };
}

function berth(n: number): Measure {
  return measure((phase) => {
    const stack = new Stack("bench", {
      environment: "prod",
      target: new Kubernetes({ namespace: "bench" }),
      config: StackConfig.from({ mode: "prod" }),
    });
    const net = new Network(stack, "net");
    for (let i = 0; i < n; i++) {
      new Service(stack, `svc${i}`, {
        image: Image.fromRegistry(`registry.example.com/team/app${i % 50}:1.${i % 7}.0`),
        replicas: 2,
        env: { MODE: "prod", INDEX: i, LOG_LEVEL: "info" },
        ports: [{ container: 8080, published: 10_000 + i }],
        resources: { cpu: 0.25, memory: Size.mebibytes(256) },
        healthcheck: { http: { port: 8080, path: "/healthz" }, interval: Duration.seconds(10) },
        networks: [net],
        user: "10001:10001",
      });
    }
    phase("construct");
    const graph = synth(stack);
    phase("synth");
    const result = checkGraph(graph);
    phase("check");
    const report = portabilityReport(graph, "kubernetes", { table: kubernetesCapabilities });
    const findings = portabilityFindings(report, graph);
    phase("portability");
    // Not part of the measure (synth + check), reported beside it from the heap run:
    // cdk8s-plus's synthYaml includes writing its output as text, and this is Berth's equivalent
    // (`berth synth`'s bytes). Timed runs leave it out, so its 6 MB strings weigh on no timed GC.
    if (!heapRun) return { graph, result, report, findings };
    const json = canonicalJson(graph);
    phase("json");
    return { graph, result, report, findings, json };
  });
}

function cdk8sPlus(n: number): Measure {
  return measure((phase) => {
    const app = new App();
    const chart = new Chart(app, "bench", { namespace: "bench" });
    for (let i = 0; i < n; i++) {
      const d = new kplus.Deployment(chart, `svc${i}`, {
        replicas: 2,
        securityContext: { user: 10001, group: 10001 },
        containers: [
          {
            image: `registry.example.com/team/app${i % 50}:1.${i % 7}.0`,
            portNumber: 8080,
            envVariables: {
              MODE: kplus.EnvValue.fromValue("prod"),
              INDEX: kplus.EnvValue.fromValue(String(i)),
              LOG_LEVEL: kplus.EnvValue.fromValue("info"),
            },
            resources: {
              cpu: { limit: kplus.Cpu.millis(250) },
              memory: { limit: K8sSize.mebibytes(256) },
            },
            readiness: kplus.Probe.fromHttpGet("/healthz", { port: 8080, periodSeconds: K8sDuration.seconds(10) }),
          },
        ],
      });
      d.exposeViaService({ ports: [{ port: 8080, targetPort: 8080 }] });
    }
    phase("construct");
    const yaml = app.synthYaml();
    phase("synth");
    return yaml;
  });
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);

/**
 * Runs both tools at each size (default 1000 and 5000) and prints a table and the ratios.
 * `--repeat R` (default 5) runs each measurement R times, alternating tools, and keeps the
 * fastest: on a shared machine the minimum is the figure least disturbed by other load. The
 * heap is read on one further run of each tool, with a GC forced before and after it.
 */
export async function run(argv: readonly string[]): Promise<void> {
  const r = argv.indexOf("--repeat");
  const repeat = r >= 0 ? Number(argv[r + 1]) : 5;
  const args = r >= 0 ? [...argv.slice(0, r), ...argv.slice(r + 2)] : [...argv];
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat needs a positive integer, got ${argv[r + 1]}`);
  const sizes = args.length > 0 ? args.map(Number) : [1000, 5000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`sizes must be positive integers, got ${args.join(" ")}`);
  // Warm both tools up alike (module init, JIT) with one unmeasured run each at the first size:
  // otherwise the first size measures V8 compiling whichever tool it meets first.
  berth(sizes[0]!);
  cdk8sPlus(sizes[0]!);
  const rows: { n: number; berth: Measure; cdk8s: Measure }[] = [];
  const fastest = (a: Measure | undefined, b: Measure) => (a && a.ms <= b.ms ? a : b);
  for (const n of sizes) {
    let b: Measure | undefined;
    let c: Measure | undefined;
    // A timed run's result is dropped at once, so it does not weigh on the next runs' GCs.
    const timed = (m: Measure): Measure => ({ ...m, keep: undefined });
    for (let i = 0; i < repeat; i++) {
      b = fastest(b, timed(berth(n)));
      c = fastest(c, timed(cdk8sPlus(n)));
    }
    heapRun = true;
    const bh = berth(n);
    const ch = cdk8sPlus(n);
    heapRun = false;
    rows.push({ n, berth: { ...b!, heapMiB: bh.heapMiB, allocMiB: bh.allocMiB, phases: { ...b!.phases, json: bh.phases.json ?? 0 } }, cdk8s: { ...c!, heapMiB: ch.heapMiB, allocMiB: ch.allocMiB } });
  }
  const out: string[] = [];
  out.push(`node ${process.version}, ${process.arch}; time: fastest of ${repeat} runs, no forced GC (berth's "json" phase, not in its total, from one more run); heap (that run, GC forced around it) = V8 heap growth before GC / retained after GC (result kept)`);
  out.push("");
  out.push(["N".padStart(6), "tool".padEnd(12), "total ms".padStart(10), "µs/workload".padStart(12), "heap MiB".padStart(15), "  phases (ms)"].join(" "));
  for (const r of rows) {
    for (const [tool, m] of [["berth", r.berth], ["cdk8s-plus", r.cdk8s]] as const) {
      const phases = Object.entries(m.phases).map(([k, v]) => `${k} ${fmt(v)}`).join(", ");
      out.push([String(r.n).padStart(6), tool.padEnd(12), fmt(m.ms).padStart(10), fmt((m.ms * 1000) / r.n).padStart(12), `${fmt(m.allocMiB)} / ${fmt(m.heapMiB)}`.padStart(15), `  ${phases}`].join(" "));
    }
  }
  out.push("");
  for (const r of rows) {
    const b = r.berth.phases;
    const berthSynth = (b.construct ?? 0) + (b.synth ?? 0);
    const synthCheck = r.berth.ms;
    out.push(
      `N=${r.n}: berth synth + check is ${fmt(r.cdk8s.ms / synthCheck)}x faster per workload than cdk8s-plus synth; ` +
        `construct + synth alone ${fmt(r.cdk8s.ms / berthSynth)}x; with berth also writing its graph as JSON text (as synthYaml writes YAML) ${fmt(r.cdk8s.ms / (r.berth.ms + (b.json ?? 0)))}x; ` +
        `check + portability take ${fmt(((b.check ?? 0) + (b.portability ?? 0)) / synthCheck * 100, 0)}% of synth + check`,
    );
  }
  const first = rows[0]!;
  for (const r of rows.slice(1)) {
    const k = r.n / first.n;
    out.push(
      `linearity ${r.n}/${first.n}: berth ${fmt(r.berth.ms / first.berth.ms / k, 2)} ` +
        `(construct ${fmt((r.berth.phases.construct ?? 0) / (first.berth.phases.construct ?? 1) / k, 2)}, synth ${fmt((r.berth.phases.synth ?? 0) / (first.berth.phases.synth ?? 1) / k, 2)}, ` +
        `check ${fmt((r.berth.phases.check ?? 0) / (first.berth.phases.check ?? 1) / k, 2)}, portability ${fmt((r.berth.phases.portability ?? 0) / (first.berth.phases.portability ?? 1) / k, 2)}), cdk8s-plus ${fmt(r.cdk8s.ms / first.cdk8s.ms / k, 2)}  (time ratio / size ratio; 1.00 = linear)`,
    );
  }
  process.stdout.write(`${out.join("\n")}\n`);
}
