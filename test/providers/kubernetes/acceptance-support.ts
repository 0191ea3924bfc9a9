/**
 * What the Kubernetes acceptance tests (test/providers/kubernetes/accept-*.test.ts) share: a
 * fresh stack name and namespace per test (containing `k8sacc`, so runs of other suites on the
 * same cluster never meet them), a stack program whose config comes from the environment (a
 * secret's value is never in the program), a snapshot of every object of a namespace, and a
 * bounded HTTP prober for rolling updates.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openKubernetesSession, type KubernetesEngineSession } from "../../../providers/kubernetes/engine/session.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { berthSync, kubeconfig, kubectl, REPO_ROOT } from "../../support/kubernetes.ts";

process.env.KUBECONFIG = kubeconfig();

/** The image every workload of these tests runs (the kit's busybox, already on the node). */
export const BUSYBOX = "localhost/berth/busybox:1.35";

/**
 * Registers cleanup for this test file and returns `fresh(prefix)`: a new stack name (also its
 * namespace, unless told otherwise) and a temporary stack directory, both removed after the file.
 */
export function acceptanceFile(): (prefix: string) => { stack: string; dir: string } {
  const namespaces: string[] = [];
  const dirs: string[] = [];
  afterAll(() => {
    for (const ns of namespaces) kubectl(["delete", "namespace", ns, "--wait=false", "--ignore-not-found"]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return (prefix) => {
    const stack = `k8sacc-${prefix}-${randomBytes(3).toString("hex")}`;
    namespaces.push(stack);
    const dir = mkdtempSync(join(tmpdir(), `berth-k8sacc-${prefix}-`));
    dirs.push(dir);
    return { stack, dir };
  };
}

/**
 * Writes a stack program into `dir`: stack `stack` on namespace `namespace`, config from the
 * process environment (`BERTH_CONFIG_<KEY>`), then `body`; returns `dir`.
 */
export function writeStack(dir: string, o: { stack: string; namespace?: string; names: readonly string[]; body: readonly string[] }): string {
  mkdirSync(dir, { recursive: true });
  const names = [...new Set(["Kubernetes", "Stack", "StackConfig", ...o.names])];
  writeFileSync(
    join(dir, "index.ts"),
    [
      `import { ${names.join(", ")} } from ${JSON.stringify(join(REPO_ROOT, "sdk/index.ts"))};`,
      `const stack = new Stack(${JSON.stringify(o.stack)}, { environment: "dev", target: new Kubernetes({ namespace: ${JSON.stringify(o.namespace ?? o.stack)} }), config: StackConfig.from({}, process.env) });`,
      ...o.body,
      "export default stack;",
    ].join("\n"),
  );
  return dir;
}

/** Options of {@link webService}. */
export interface WebOptions {
  /** The construct's name. */
  readonly name?: string;
  /** What `/` answers. */
  readonly text: string;
  /** Published node port; absent: not published. */
  readonly nodePort?: number;
  readonly replicas?: number;
  /** Another image (a broken one). */
  readonly image?: string;
  /** The port httpd listens on (another than 8080 makes the readiness probe fail). */
  readonly listen?: number;
  /** A line the container prints on stderr when it starts. */
  readonly says?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** The stop grace period in seconds (the app drains for {@link DRAIN_SECONDS} of it) @default 5 */
  readonly graceSeconds?: number;
  /** Lines inside the construct's options (secrets, configs...). */
  readonly extra?: readonly string[];
}

/** The sdk names {@link webService} uses. */
export const WEB_NAMES = ["Duration", "Image", "Service", "Size"];

/**
 * Seconds the web app keeps serving after SIGTERM before it stops, as a well-behaved server
 * drains: kube-proxy forgets a terminating pod only at its next sync (up to its 1 s minimum sync
 * period later), and until then it still sends the pod new connections.
 */
export const DRAIN_SECONDS = 3;

/**
 * A busybox httpd Service answering `text` on 8080, with an HTTP healthcheck (the readiness
 * probe). The shell stays the container's main process (Berth's default init shares the pod's
 * process namespace, so nothing is PID 1 that ignores SIGTERM): on SIGTERM it lets httpd serve
 * {@link DRAIN_SECONDS} more seconds, then stops it.
 */
export function webService(o: WebOptions): string[] {
  const httpd = `httpd -f -p ${o.listen ?? 8080} -h /www & pid=$!; trap 'sleep ${DRAIN_SECONDS}; kill $pid; exit 0' TERM; wait $pid`;
  const script = `${o.says ? `echo ${o.says} >&2; ` : ""}echo ${o.text} > /www/index.html && ${httpd}`;
  return [
    `new Service(stack, ${JSON.stringify(o.name ?? "web")}, {`,
    `  image: Image.fromRegistry(${JSON.stringify(o.image ?? BUSYBOX)}),`,
    `  command: ["sh", "-c", ${JSON.stringify(script)}],`,
    `  ports: [${o.nodePort ? `{ container: 8080, published: ${o.nodePort} }` : "8080"}],`,
    `  replicas: ${o.replicas ?? 1},`,
    `  healthcheck: { http: { port: 8080, path: "/" }, interval: Duration.seconds(1) },`,
    `  resources: { cpu: 0.05, memory: Size.mebibytes(16) },`,
    `  user: "10001:10001",`,
    `  tmpfs: ["/www"],`,
    ...(o.env ? [`  env: ${JSON.stringify(o.env)},`] : []),
    ...(o.extra ?? []).map((l) => `  ${l}`),
    `  stopGracePeriod: Duration.seconds(${o.graceSeconds ?? DRAIN_SECONDS + 2}),`,
    `});`,
  ];
}

/** A node port from a range the other Kubernetes test files do not draw from. */
export function nodePort(): number {
  return 32000 + (randomBytes(2).readUInt16BE() % 700);
}

/** An engine session for a stack directory (its graph synthesized by the CLI), so a test can read its client's request log. */
export function sessionFor(dir: string, env: Readonly<Record<string, string>> = {}): KubernetesEngineSession {
  const r = berthSync(["synth", dir], env);
  if (r.code !== 0) throw new Error(`berth synth ${dir} exited ${r.code}: ${r.stderr}`);
  const graph = JSON.parse(r.stdout) as Graph;
  const config = (key: string) => env[`BERTH_CONFIG_${key.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}`];
  return openKubernetesSession({ graph, dir, config });
}

/**
 * The requests of a session's client that change something: anything but GET, and not a
 * server-side dry-run (`dryRun=All`: the plan's field-level reasons; the server stores nothing).
 */
export function mutatingRequests(session: KubernetesEngineSession): string[] {
  return session.client.requests
    .filter((r) => r.method !== "GET" && !new URLSearchParams(r.path.split("?")[1] ?? "").getAll("dryRun").includes("All"))
    .map((r) => `${r.method} ${r.path.split("?")[0]}`);
}

/** The server-side dry-runs a session's client sent (read-only PATCHes with `dryRun=All`). */
export function dryRuns(session: KubernetesEngineSession): string[] {
  return session.client.requests.filter((r) => new URLSearchParams(r.path.split("?")[1] ?? "").getAll("dryRun").includes("All")).map((r) => `${r.method} ${r.path.split("?")[0]}`);
}

/** One object of a namespace snapshot. */
export interface Snapshot {
  readonly uid: string;
  readonly resourceVersion: string;
  readonly stack: string | undefined;
}

/** Every listable namespaced resource type of the cluster (`deployments.apps`, `leases.coordination.k8s.io`...). */
export function listableKinds(): string[] {
  const r = kubectl(["api-resources", "--verbs=list", "--namespaced", "-o", "name"]);
  if (r.code !== 0) throw new Error(`kubectl api-resources: ${r.stderr}`);
  // Events are records of what happened, not objects anyone applies; they come and go on their own.
  return r.stdout.split("\n").filter((k) => k && k !== "events" && k !== "events.events.k8s.io");
}

/** Every object of every listable kind in a namespace, as JSON (managedFields included). */
export function allObjects(namespace: string, kinds: readonly string[] = listableKinds()): { kind: string; metadata: { name: string; uid: string; resourceVersion: string; labels?: Record<string, string>; ownerReferences?: unknown[] } }[] {
  const r = kubectl(["-n", namespace, "get", kinds.join(","), "-o", "json", "--show-managed-fields"]);
  if (r.code !== 0) throw new Error(`kubectl get ${namespace}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { items: ReturnType<typeof allObjects> }).items;
}

/** `Kind/name` → uid, resourceVersion and owning stack of every object of the given kinds in a namespace. */
export function snapshot(namespace: string, kinds: readonly string[]): Map<string, Snapshot> {
  const m = new Map<string, Snapshot>();
  for (const o of allObjects(namespace, kinds)) m.set(`${o.kind}/${o.metadata.name}`, { uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, stack: o.metadata.labels?.["berth.stack"] });
  return m;
}

/** What a bounded prober saw. */
export interface ProbeReport {
  readonly sent: number;
  readonly failures: string[];
  /** How many answers carried each body. */
  readonly bodies: Record<string, number>;
}

/**
 * A loopback HTTP prober: GETs `url` one request at a time until `stop()` is called, `maxRequests`
 * were sent or `maxMs` passed, whichever comes first; every request has its own 3 s timeout.
 * Nothing is retried: a refused connection, a timeout or a non-200 answer is a failure.
 */
export function startProber(url: string, o: { maxRequests: number; maxMs: number; gapMs?: number }): { stop: () => Promise<ProbeReport> } {
  let stopped = false;
  const start = Date.now();
  const deadline = start + o.maxMs;
  const at = () => `${((Date.now() - start) / 1000).toFixed(1)} s`;
  const failures: string[] = [];
  const bodies: Record<string, number> = {};
  let sent = 0;
  const done = (async () => {
    while (!stopped && sent < o.maxRequests && Date.now() < deadline) {
      sent++;
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
        const body = (await r.text()).trim();
        if (r.status !== 200) failures.push(`#${sent} at ${at()}: HTTP ${r.status}`);
        else bodies[body] = (bodies[body] ?? 0) + 1;
      } catch (e) {
        failures.push(`#${sent} at ${at()}: ${String((e as { cause?: unknown }).cause ?? e)}`);
      }
      await new Promise((r) => setTimeout(r, o.gapMs ?? 50));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return { sent, failures, bodies };
    },
  };
}

/** GETs a URL until it answers 200 (kube-proxy programs a new node port within a moment); bounded. */
export async function fetchText(url: string): Promise<string> {
  let last: unknown;
  for (let i = 0; i < 40; i++) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return (await r.text()).trim();
      last = r.status;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer: ${String(last)}`);
}
