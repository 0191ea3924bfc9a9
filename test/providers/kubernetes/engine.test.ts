/**
 * Berth's own Kubernetes engine against the REAL API server of the berth-k8s kit (v1.28): each
 * test deploys its own stack into its own namespace through the CLI (`node bin/berth.js`), looks
 * at the cluster with kubectl, and removes the namespace afterwards.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openKubernetesSession } from "../../../providers/kubernetes/engine/session.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { berthAsync, berthSync, kubeconfig, kubectl, requireCluster, writeKubernetesStack } from "../../support/kubernetes.ts";

process.env.KUBECONFIG = kubeconfig();
const namespaces: string[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const ns of namespaces) kubectl(["delete", "namespace", ns, "--wait=false", "--ignore-not-found"]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh stack name (also its namespace) and a temporary stack directory. */
function fresh(prefix: string): { stack: string; dir: string } {
  const stack = `bk-${prefix}-${randomBytes(3).toString("hex")}`;
  namespaces.push(stack);
  const dir = mkdtempSync(join(tmpdir(), `berth-k8s-${prefix}-`));
  dirs.push(dir);
  return { stack, dir };
}

/** A busybox httpd Service serving `text` on 8080, published as node port `nodePort`. */
function web(text: string, nodePort: number): string[] {
  return [
    `new Service(stack, "web", {`,
    `  image: Image.fromRegistry("localhost/berth/busybox:1.35"),`,
    `  command: ["sh", "-c", ${JSON.stringify(`echo ${text} > /www/index.html && exec httpd -f -p 8080 -h /www`)}],`,
    `  ports: [{ container: 8080, published: ${nodePort} }],`,
    `  healthcheck: { http: { port: 8080, path: "/" }, interval: Duration.seconds(1) },`,
    `  resources: { cpu: 0.1, memory: Size.mebibytes(32) },`,
    `  user: "10001:10001",`,
    `  tmpfs: ["/www"],`,
    `});`,
  ];
}
const WEB_NAMES = ["Duration", "Image", "Service", "Size"];

/** A node port nothing else in this file uses. */
function nodePort(): number {
  return 30000 + (randomBytes(2).readUInt16BE() % 2700);
}

/** GETs a URL until it answers (kube-proxy programs a new node port within a moment). */
async function fetchText(url: string): Promise<string> {
  let last: unknown;
  for (let i = 0; i < 20; i++) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return await r.text();
      last = r.status;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer: ${String(last)}`);
}

describe("Berth's Kubernetes engine on a real cluster", () => {
  it("deploys a Deployment reachable on its node port, confirms a second up with zero mutating requests, plans a change with exit 4, and down leaves an unowned ConfigMap alone", async () => {
    requireCluster();
    const { stack, dir } = fresh("web");
    const port = nodePort();
    writeKubernetesStack(dir, { stack, namespace: stack, names: WEB_NAMES, body: web("hello-berth", port) });

    const up = await berthAsync(["up", dir, "--timeout", "90"]);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`create deployment web: done`);
    expect(up.stdout).toContain(`'${stack}' is up`);
    expect((await fetchText(`http://127.0.0.1:${port}/`)).trim()).toBe("hello-berth");

    // The second up through the session API, so the client's counters can be read.
    const graph = JSON.parse(berthSync(["synth", dir]).stdout) as Graph;
    const session = openKubernetesSession({ graph, dir, config: () => undefined });
    const again = await session.up({ parallelism: 4, timeoutMs: 60_000 });
    expect([again.changed, again.applied]).toEqual([false, 0]);
    expect(session.client.mutations).toEqual([]);
    expect(session.client.lockRequests).toEqual([]);
    const cliAgain = await berthAsync(["up", dir]);
    expect([cliAgain.code, cliAgain.stdout.split("\n")[0]]).toEqual([0, `No changes: '${stack}' is up to date.`]);

    writeKubernetesStack(dir, { stack, namespace: stack, names: WEB_NAMES, body: web("hello-again", port) });
    const plan = await berthAsync(["plan", dir, "--exit-code"]);
    expect(plan.code).toBe(4);
    expect(plan.stdout).toMatch(/^\* update\s+deployment\s+web\s+\(spec\.template\.spec\.containers\[web\]\.args\[2\]\)$/m);
    expect(plan.stdout).toContain(`Plan for '${stack}': 7 noop, 1 update.`);

    const ps = await berthAsync(["ps", dir]);
    expect(ps.code).toBe(0);
    expect(ps.stdout).toMatch(/^web-[a-z0-9]+-[a-z0-9]+\s+web\s+Running on \S+\s+1\/1 ready, 0 restarts/m);

    expect(kubectl(["-n", stack, "create", "configmap", "not-berths", "--from-literal=k=v"]).code).toBe(0);
    const down = await berthAsync(["down", dir]);
    expect(down.stderr).toBe("");
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(`- deployment web\n- netpol ${stack}-default\n- netpol ${stack}-default-deny\n- netpol web-published\n- service web\n- serviceaccount web\n`);
    expect(down.stdout).toContain(`- kept namespace ${stack}: it holds what Berth does not own (ConfigMap/not-berths)`);
    const left = kubectl(["-n", stack, "get", "deployments,services,serviceaccounts,networkpolicies,configmaps,pods", "-l", `berth.stack=${stack}`, "-o", "name"]);
    expect([left.code, left.stdout]).toEqual([0, ""]);
    expect(kubectl(["-n", stack, "get", "configmap", "not-berths", "-o", "jsonpath={.data.k}"]).stdout).toBe("v");
  }, 180_000);

  it("waits for a Job to complete, and fails naming a Job that fails, with its last log lines", async () => {
    requireCluster();
    const { stack, dir } = fresh("job");
    const job = (script: string) => [
      `new Job(stack, "migrate", {`,
      `  image: Image.fromRegistry("localhost/berth/busybox:1.35"),`,
      `  command: ["sh", "-c", ${JSON.stringify(script)}],`,
      `  retries: 0,`,
      `  resources: { cpu: 0.1, memory: Size.mebibytes(32) },`,
      `  user: "10001:10001",`,
      `});`,
    ];
    writeKubernetesStack(dir, { stack, namespace: stack, names: ["Image", "Job", "Size"], body: job("sleep 2; echo migrated") });
    const up = await berthAsync(["up", dir, "--timeout", "90"]);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/create job migrate: done [0-9.]+s/);
    expect(kubectl(["-n", stack, "get", "job", "migrate", "-o", "jsonpath={.status.succeeded}"]).stdout).toBe("1");
    const logs = await berthAsync(["logs", dir, "migrate", "--tail", "5"]);
    expect([logs.code, logs.stdout.trim()]).toEqual([0, "migrated"]);

    writeKubernetesStack(dir, { stack, namespace: stack, names: ["Image", "Job", "Size"], body: job("echo the schema is broken >&2; exit 3") });
    const failed = await berthAsync(["up", dir, "--timeout", "90"]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("replace job migrate: failed (the Job failed (BackoffLimitExceeded");
    expect(failed.stderr).toContain("✖ [engine.apply] 'migrate' (migrate) failed: the Job failed (BackoffLimitExceeded");
    expect(failed.stderr).toContain("the schema is broken");
  }, 180_000);

  it("waits for the Lease another run holds, fails naming it when it is not released in time, and deploys once it is", async () => {
    requireCluster();
    const { stack, dir } = fresh("lock");
    writeKubernetesStack(dir, { stack, namespace: stack, names: WEB_NAMES, body: web("locked", nodePort()) });
    // Another run's Lease, held and renewed just now: deterministic, unlike racing two processes.
    expect(kubectl(["create", "namespace", stack]).code).toBe(0);
    const now = new Date().toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
    const lease = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: `berth-${stack}`, namespace: stack }, spec: { holderIdentity: "other-host/4242", leaseDurationSeconds: 120, acquireTime: now, renewTime: now } };
    expect(kubectl(["apply", "-f", "-"], JSON.stringify(lease)).code).toBe(0);
    const blocked = await berthAsync(["up", dir, "--timeout", "90", "--lock-timeout", "3"]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`waiting for another berth run on '${stack}'`);
    expect(blocked.stderr).toContain(`Stack '${stack}' is locked`);
    expect(kubectl(["-n", stack, "get", "deployments", "-o", "name"]).stdout).toBe("");

    expect(kubectl(["-n", stack, "delete", "lease", `berth-${stack}`]).code).toBe(0);
    const up = await berthAsync(["up", dir, "--timeout", "90"]);
    expect([up.code, up.stderr]).toEqual([0, ""]);
    // Released after the run: nothing holds the stack.
    expect(kubectl(["-n", stack, "get", "lease", `berth-${stack}`, "--ignore-not-found", "-o", "name"]).stdout).toBe("");
    const down = await berthAsync(["down", dir]);
    expect(down.code).toBe(0);
  }, 180_000);

  it("rolls a Deployment whose update does not become ready back to its previous revision, and fails naming it with its pods' events", async () => {
    requireCluster();
    const { stack, dir } = fresh("undo");
    const port = nodePort();
    writeKubernetesStack(dir, { stack, namespace: stack, names: WEB_NAMES, body: web("first", port) });
    expect((await berthAsync(["up", dir, "--timeout", "90"])).code).toBe(0);
    // The update's pods never serve: httpd is started on another port than the probe's.
    writeKubernetesStack(dir, { stack, namespace: stack, names: WEB_NAMES, body: web("second", port).map((l) => l.replace("httpd -f -p 8080", "httpd -f -p 9090")) });
    const failed = await berthAsync(["up", dir, "--timeout", "15"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/✖ \[engine\.apply\] 'web' \(web\) failed: not ready after 15 s: .*; rolled back to revision 1/);
    expect(failed.stderr).toContain("Readiness probe failed");
    expect((await fetchText(`http://127.0.0.1:${port}/`)).trim()).toBe("first");
    // The failed change is still pending: the next plan shows it.
    expect((await berthAsync(["plan", dir, "--exit-code"])).code).toBe(4);
  }, 180_000);
});
