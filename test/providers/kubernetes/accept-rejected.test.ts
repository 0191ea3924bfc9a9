/**
 * Acceptance of Berth's Kubernetes engine, on the real cluster: the API server rejects a request
 * mid-apply, or stops answering.
 *
 * - A ResourceQuota in the namespace admits no Deployment: the stack's Secret, account, policies
 *   and Service are applied, then the Deployment is refused; `up` exits 1 naming it with the
 *   server's own message, every object in the namespace is the stack's (or the user's quota),
 *   no Lease is left, and once the quota is gone the next `up` converges;
 * - a kubeconfig pointing at a closed loopback port: `up` fails naming the server, nothing applied;
 * - the API server goes away mid-apply (a loopback TCP proxy in front of it is shut once the run
 *   applied its first object): `up` exits 1 naming the object it was at and the connection error;
 *   the next `up` through the real address converges (the dead run's Lease is taken over) and
 *   nothing is left unowned.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { berthAsync, kubeconfig, kubectl, requireCluster } from "../../support/kubernetes.ts";
import { acceptanceFile, WEB_NAMES, webService, writeStack } from "./acceptance-support.ts";

const fresh = acceptanceFile();
const NAMES = [...WEB_NAMES, "Secret"];
const ENV = { BERTH_CONFIG_TOKEN: "k8sacc-rejected-token" };
const body = () => webService({ text: "web", extra: [`secrets: { token: Secret.fromConfig("token") },`] });
const KINDS = "deployments.apps,replicasets.apps,services,serviceaccounts,networkpolicies.networking.k8s.io,secrets,configmaps,leases.coordination.k8s.io,resourcequotas";

/** Objects of the namespace neither the stack's, nor the cluster's own, nor controller-made; and how many Leases. */
function unowned(ns: string, stack: string): { unowned: string[]; leases: number } {
  const items = (JSON.parse(kubectl(["-n", ns, "get", KINDS, "-o", "json"]).stdout) as { items: { kind: string; type?: string; metadata: { name: string; labels?: Record<string, string>; ownerReferences?: unknown[] } }[] }).items;
  const key = (o: (typeof items)[number]) => `${o.kind}/${o.metadata.name}`;
  const cluster = (o: (typeof items)[number]) => ["ConfigMap/kube-root-ca.crt", "ServiceAccount/default"].includes(key(o)) || o.type === "kubernetes.io/service-account-token";
  return {
    unowned: items.filter((o) => o.metadata.labels?.["berth.stack"] !== stack && !cluster(o) && !(o.metadata.ownerReferences ?? []).length && o.kind !== "Lease").map(key).sort(),
    leases: items.filter((o) => o.kind === "Lease").length,
  };
}

const kubeconfigDirs: string[] = [];
afterAll(() => {
  for (const d of kubeconfigDirs) rmSync(d, { recursive: true, force: true });
});

/** A kubeconfig like the test's, whose cluster is at `server` instead (removed after the file's tests). */
function kubeconfigAt(server: string): string {
  const text = readFileSync(kubeconfig(), "utf8");
  const moved = text.replace(/server: \S+/g, `server: ${server}`);
  if (moved === text) throw new Error(`no server line in ${kubeconfig()}`);
  const dir = mkdtempSync(join(tmpdir(), "berth-k8sacc-kubeconfig-"));
  kubeconfigDirs.push(dir);
  const file = join(dir, "config");
  writeFileSync(file, moved);
  return file;
}

/** The API server's address in the test's kubeconfig. */
function apiServer(): { host: string; port: number } {
  const m = /server: https:\/\/([^:\s]+):(\d+)/.exec(readFileSync(kubeconfig(), "utf8"));
  if (!m) throw new Error(`no https server in ${kubeconfig()}`);
  return { host: m[1]!, port: Number(m[2]) };
}

/** A loopback TCP proxy to the API server (TLS passes through); `cut()` closes it and every connection. */
async function proxy(): Promise<{ port: number; cut: () => void }> {
  const target = apiServer();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

describe("Kubernetes acceptance: rejected and unreachable", () => {
  it("fails naming the Deployment a ResourceQuota rejects with the server's message, leaves nothing unowned, and converges once the quota is gone", async () => {
    requireCluster();
    const { stack, dir } = fresh("quota");
    expect(kubectl(["create", "namespace", stack]).code).toBe(0);
    expect(kubectl(["-n", stack, "create", "quota", "k8sacc-no-deployments", "--hard=count/deployments.apps=0"]).code).toBe(0);
    writeStack(dir, { stack, names: NAMES, body: body() });
    const up = await berthAsync(["up", dir, "--timeout", "60"], ENV);
    expect(up.code).toBe(1);
    expect(up.stdout).toContain("create deployment web: failed");
    expect(up.stderr).toMatch(/✖ \[engine\.apply\] 'web' \(web\) failed: the API server refused it: deployments\.apps "web" is forbidden: exceeded quota: k8sacc-no-deployments/);
    // What came before the Deployment was applied, and is the stack's.
    expect(up.stdout).toMatch(/create secret \S+: done/);
    expect(unowned(stack, stack)).toEqual({ unowned: ["ResourceQuota/k8sacc-no-deployments"], leases: 0 });
    expect(kubectl(["-n", stack, "get", "deployments", "-o", "name"]).stdout).toBe("");

    expect(kubectl(["-n", stack, "delete", "quota", "k8sacc-no-deployments"]).code).toBe(0);
    const again = await berthAsync(["up", dir, "--timeout", "120"], ENV);
    expect([again.code, again.stderr]).toEqual([0, ""]);
    expect(again.stdout).toContain("create deployment web: done");
    expect(again.stdout).not.toMatch(/create secret/);
    expect((await berthAsync(["plan", dir, "--exit-code"], ENV)).code).toBe(0);
    expect(unowned(stack, stack)).toEqual({ unowned: [], leases: 0 });
  }, 300_000);

  it("fails naming the API server when the kubeconfig points at a closed port, and applies nothing", async () => {
    requireCluster();
    const { stack, dir } = fresh("closed");
    writeStack(dir, { stack, names: NAMES, body: body() });
    // A port that was just free: a listener opened and closed again.
    const closed = await proxy();
    closed.cut();
    const up = await berthAsync(["up", dir, "--timeout", "30"], { ...ENV, KUBECONFIG: kubeconfigAt(`https://127.0.0.1:${closed.port}`) });
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain(`127.0.0.1:${closed.port}`);
    expect(up.stderr).toMatch(/did not answer|ECONNREFUSED/);
    expect(up.stderr).not.toContain("internal error");
    expect(kubectl(["get", "namespace", stack, "--ignore-not-found", "-o", "name"]).stdout).toBe("");
  }, 120_000);

  it("fails naming the object it was applying when the API server goes away mid-apply, and the next up converges with nothing unowned", async () => {
    requireCluster();
    const { stack, dir } = fresh("gone");
    writeStack(dir, { stack, names: NAMES, body: body() });
    const p = await proxy();
    const run = berthAsync(["up", dir, "--timeout", "60"], { ...ENV, KUBECONFIG: kubeconfigAt(`https://127.0.0.1:${p.port}`) });
    // Cut the connection once the run applied its first object (the ServiceAccount): it is applying.
    let held = false;
    for (let i = 0; i < 600 && !held; i++) {
      held = kubectl(["-n", stack, "get", "serviceaccount", "web", "--ignore-not-found", "-o", "name"]).stdout.trim() !== "";
      if (!held) await new Promise((r) => setTimeout(r, 100));
    }
    p.cut();
    expect(held).toBe(true);
    const failed = await run;
    expect(failed.code).toBe(1);
    expect(failed.stderr).not.toContain("internal error");
    expect(failed.stderr).toMatch(/✖ \[engine\.apply\] '[^']+' \([^)]+\) failed: (applied, but while Berth waited for it )?the API server did not answer: .*(ECONNREFUSED|ECONNRESET|socket hang up)/);

    const again = await berthAsync(["up", dir, "--timeout", "120", "--lock-timeout", "20"], ENV);
    expect([again.code, again.stderr]).toEqual([0, ""]);
    expect((await berthAsync(["plan", dir, "--exit-code"], ENV)).code).toBe(0);
    expect(unowned(stack, stack)).toEqual({ unowned: [], leases: 0 });
  }, 300_000);
});
