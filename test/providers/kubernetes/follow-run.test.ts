/**
 * `berth logs --follow` and `berth run` on the REAL API server of the berth-k8s kit: one stack
 * (its own namespace) with a Service that prints a line a second, env from config and a Secret.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { berthAsync, kubeconfig, kubectl, REPO_ROOT, requireCluster } from "../../support/kubernetes.ts";

process.env.KUBECONFIG = kubeconfig();
const stack = `k8sops-run-${randomBytes(3).toString("hex")}`;
const dir = mkdtempSync(join(tmpdir(), "berth-k8sops-run-"));
const env = { BERTH_CONFIG_TOKEN: "k8s-run-token", BERTH_CONFIG_GREETING: "hello from kubernetes" };

beforeAll(async () => {
  requireCluster();
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "index.ts"),
    [
      `import { Config, Image, Job, Kubernetes, Secret, Service, Size, Stack, StackConfig } from ${JSON.stringify(join(REPO_ROOT, "sdk/index.ts"))};`,
      `const stack = new Stack(${JSON.stringify(stack)}, { environment: "dev", target: new Kubernetes({ namespace: ${JSON.stringify(stack)} }), config: StackConfig.from({}, process.env) });`,
      `new Service(stack, "app", {`,
      `  image: Image.fromRegistry("localhost/berth/busybox:1.35"),`,
      `  command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done"],`,
      `  env: { GREETING: Config.value("greeting") },`,
      `  secrets: { token: Secret.fromConfig("token") },`,
      `  resources: { cpu: 0.1, memory: Size.mebibytes(16) },`,
      `  user: "10001:10001",`,
      `});`,
      `new Job(stack, "once", { image: Image.fromRegistry("localhost/berth/busybox:1.35"), command: ["sh", "-c", "echo one; echo two"], retries: 0, resources: { cpu: 0.05, memory: Size.mebibytes(16) }, user: "10001:10001" });`,
      `export default stack;`,
    ].join("\n"),
  );
  const up = await berthAsync(["up", dir, "--timeout", "120"], env);
  expect([up.code, up.stderr]).toEqual([0, ""]);
}, 180_000);

afterAll(() => {
  kubectl(["delete", "namespace", stack, "--wait=false", "--ignore-not-found"]);
  rmSync(dir, { recursive: true, force: true });
});

/** `berth logs --follow` in a child process, with its output so far and a way to interrupt it. */
function follow(args: readonly string[]) {
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin/berth.js"), "logs", dir, ...args, "--follow"], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((ok) => child.on("exit", (code, signal) => ok(code ?? (signal ? 128 + 2 : null))));
  /** Resolves once the output matches (at most 90 s). */
  const until = async (re: RegExp) => {
    for (let i = 0; i < 180 && !re.test(out.stdout); i++) await new Promise((r) => setTimeout(r, 500));
    return out.stdout;
  };
  return { out, until, exited, interrupt: () => child.kill("SIGINT"), kill: () => child.kill("SIGKILL") };
}

describe("berth logs --follow and berth run on Kubernetes", () => {
  it("runs a one-off Job from the service's pod template with its env, Secret and user, streams its output, exits with its code and deletes the Job", async () => {
    requireCluster();
    const r = await berthAsync(["run", dir, "app", "--", "sh", "-c", "echo $GREETING; cat /run/secrets/token; echo; id -u; exit 3"], env);
    expect([r.code, r.stdout, r.stderr]).toEqual([3, "hello from kubernetes\nk8s-run-token\n10001\n", ""]);
    expect(kubectl(["-n", stack, "get", "jobs,pods", "-l", `app.kubernetes.io/name=app-run`, "-o", "name"]).stdout).toBe("");
    const ok = await berthAsync(["run", dir, "app", "--", "true"], env);
    expect([ok.code, ok.stderr]).toEqual([0, ""]);
    // Nothing left that the next up would delete or report.
    const again = await berthAsync(["up", dir], env);
    expect(again.stdout.split("\n")[0]).toBe(`No changes: '${stack}' is up to date.`);
  }, 180_000);

  it("fails clearly naming a workload the stack does not have, and creates no Job", async () => {
    requireCluster();
    const r = await berthAsync(["run", dir, "nope", "--", "true"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nope");
    expect(kubectl(["-n", stack, "get", "jobs", "-o", "name"]).stdout).toBe("job.batch/once\n");
  }, 120_000);

  it("follows a completed Job's pod to its last line and ends by itself", async () => {
    requireCluster();
    const f = follow(["once"]);
    try {
      expect(await f.exited).toBe(0);
      expect([f.out.stdout, f.out.stderr]).toEqual(["one\ntwo\n", ""]);
    } finally {
      f.kill();
    }
  }, 120_000);

  it("follows the service's pod from its last lines, picks up the new pod of a rollout with pod-name prefixes, and stops on SIGINT", async () => {
    requireCluster();
    const f = follow(["app", "--tail", "2"]);
    try {
      await f.until(/^tick \d+\n(tick \d+\n){3}/);
      const before = f.out.stdout.split("\n").filter(Boolean);
      expect(before.every((l) => /^tick \d+$/.test(l))).toBe(true);
      const [first, second] = before.map((l) => Number(l.slice(5)));
      expect(second).toBe(first! + 1);
      expect(kubectl(["-n", stack, "rollout", "restart", "deployment/app"]).code).toBe(0);
      // The new pod starts counting again at 0, prefixed with its name.
      const after = await f.until(/^app-[a-z0-9]+-[a-z0-9]+ \| tick 1$/m);
      expect(after).toMatch(/^app-[a-z0-9]+-[a-z0-9]+ \| tick 0$/m);
      f.interrupt();
      expect(await f.exited).toBe(130);
      expect(f.out.stderr).toBe("");
    } finally {
      f.kill();
    }
  }, 180_000);
});
