/**
 * Test helpers for the real Kubernetes cluster of the berth-k8s kit (README of the kit:
 * `KUBECONFIG=$(<kit>/up.sh | tail -n 1)`; .ci/run starts it). Tests that need the API server
 * call {@link requireCluster} first: it FAILS with what to do when the cluster does not answer,
 * it never skips, so a CI run without a cluster cannot pass silently.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where the kit keeps its state (`BERTH_K8S_STATE`). */
const STATE = process.env.BERTH_K8S_STATE ?? "/tmp/berth-k8s";

/** The kubeconfig: `KUBECONFIG`, else the kit's admin kubeconfig. */
export function kubeconfig(): string {
  return process.env.KUBECONFIG ?? join(STATE, "admin.kubeconfig");
}

/** PATH with the kit's kubectl v1.28 first (its env.sh names the directory), so the client matches the server. */
function kubePath(): string {
  const env = join(STATE, "env.sh");
  const dir = existsSync(env) ? /^export PATH=([^:\n]+):/m.exec(readFileSync(env, "utf8"))?.[1] : undefined;
  return dir ? `${dir}${delimiter}${process.env.PATH ?? ""}` : (process.env.PATH ?? "");
}

/** What a kubectl run returned. */
export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl against the kit's cluster. */
export function kubectl(args: readonly string[], input?: string): KubectlResult {
  const r = spawnSync("kubectl", args, { encoding: "utf8", input, timeout: 60_000, env: { ...process.env, KUBECONFIG: kubeconfig(), PATH: kubePath() } });
  if (r.error) return { code: null, stdout: "", stderr: String(r.error) };
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The answer of the first readiness check (asked once per test process). */
let ready: KubectlResult | undefined;

/**
 * Fails (never skips) unless the cluster's API server answers, saying how to start it. Call it
 * at the start of each test rather than in a hook, so every test that needs the cluster is
 * reported failed (a failing `beforeAll` reports its tests as skipped).
 */
export function requireCluster(): void {
  const r = (ready ??= kubectl(["get", "--raw", "/readyz", "--request-timeout=5s"]));
  if (r.code === 0 && r.stdout.trim() === "ok") return;
  throw new Error(
    [
      `The Kubernetes API server does not answer (kubeconfig ${kubeconfig()}): ${(r.stderr || r.stdout).trim() || `kubectl exited ${r.code}`}.`,
      "These tests need the berth-k8s kit's cluster: start it with `export KUBECONFIG=$(/work/shared/k8s/up.sh | tail -n 1)` (.ci/run does), then rerun.",
    ].join("\n"),
  );
}

/**
 * Makes sure a namespace exists (server-side dry-run needs it: a dry-run Namespace is not
 * created); returns a function that deletes it again if this call created it.
 */
export function ensureNamespace(name: string): () => void {
  // A namespace deleted by an earlier run takes a few seconds to go; nothing can be created in it meanwhile.
  const phase = () => kubectl(["get", "namespace", name, "-o", "jsonpath={.status.phase}"]);
  for (let i = 0; i < 60 && phase().stdout === "Terminating"; i++) spawnSync("sleep", ["0.5"]);
  if (phase().stdout === "Active") return () => {};
  const created = kubectl(["create", "namespace", name]);
  if (created.code !== 0 && !created.stderr.includes("AlreadyExists")) throw new Error(`kubectl create namespace ${name}: ${created.stderr}`);
  return () => void kubectl(["delete", "namespace", name, "--wait=false"]);
}

/**
 * `kubectl apply --server-side --dry-run=server --validate=strict` of a manifest text: the API
 * server runs admission, defaulting and validation (unknown fields are errors) and stores nothing.
 */
export function serverDryRun(manifest: string): KubectlResult {
  const dir = mkdtempSync(join(tmpdir(), "berth-k8s-dry-run-"));
  try {
    const file = join(dir, "manifest.yaml");
    writeFileSync(file, manifest);
    return kubectl(["apply", "--server-side", "--dry-run=server", "--validate=strict", "--field-manager=berth-test", "-f", file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How kubectl names an object of a manifest in its output (`deployment.apps/shop-web`). */
export function kubectlName(object: { apiVersion: string; kind: string; metadata: { name: string } }): string {
  const group = object.apiVersion.includes("/") ? object.apiVersion.slice(0, object.apiVersion.indexOf("/")) : "";
  return `${object.kind.toLowerCase()}${group ? `.${group}` : ""}/${object.metadata.name}`;
}

/** Runs the CLI from source, synchronously. */
export function berthSync(args: readonly string[], env: Readonly<Record<string, string>> = {}): KubectlResult {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, "bin/berth.js"), ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI in a child process without blocking the test (two can run at once). */
export function berthAsync(args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 180_000): Promise<KubectlResult> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "bin/berth.js"), ...args], { cwd: REPO_ROOT, env: { ...process.env, KUBECONFIG: kubeconfig(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    });
  });
}

/**
 * Writes a stack program targeting Kubernetes namespace `namespace` into `dir` (index.ts): the
 * sdk names it imports, then `body`, which declares workloads on `stack`; returns `dir`.
 */
export function writeKubernetesStack(dir: string, o: { stack: string; namespace: string; names: readonly string[]; body: readonly string[] }): string {
  mkdirSync(dir, { recursive: true });
  const names = [...new Set(["Kubernetes", "Stack", "StackConfig", ...o.names])];
  writeFileSync(
    join(dir, "index.ts"),
    [
      `import { ${names.join(", ")} } from ${JSON.stringify(join(REPO_ROOT, "sdk/index.ts"))};`,
      `const stack = new Stack(${JSON.stringify(o.stack)}, { environment: "dev", target: new Kubernetes({ namespace: ${JSON.stringify(o.namespace)} }), config: StackConfig.from({}) });`,
      ...o.body,
      "export default stack;",
    ].join("\n"),
  );
  return dir;
}
