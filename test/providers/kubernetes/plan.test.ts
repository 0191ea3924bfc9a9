/**
 * `berth plan` on the REAL API server of the berth-k8s kit: field-level reasons from a
 * server-side dry-run, drift made by other field managers (`kubectl scale`, `kubectl patch`),
 * deletions of owned objects the program no longer declares, and `--exit-code`.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { berthAsync, kubeconfig, kubectl, requireCluster, writeKubernetesStack } from "../../support/kubernetes.ts";

process.env.KUBECONFIG = kubeconfig();
const stack = `k8sops-plan-${randomBytes(3).toString("hex")}`;
const dir = mkdtempSync(join(tmpdir(), "berth-k8sops-plan-"));
afterAll(() => {
  kubectl(["delete", "namespace", stack, "--wait=false", "--ignore-not-found"]);
  rmSync(dir, { recursive: true, force: true });
});

/** The stack: a service `app` with env GREETING=`greeting`, and a second service `extra` unless left out. */
function write(greeting: string, extra = true): void {
  const svc = (name: string, env: string) => [
    `new Service(stack, ${JSON.stringify(name)}, {`,
    `  image: Image.fromRegistry("localhost/berth/busybox:1.35"),`,
    `  command: ["sleep", "3600"],`,
    `  env: { GREETING: ${JSON.stringify(env)} },`,
    `  resources: { cpu: 0.05, memory: Size.mebibytes(16) },`,
    `  user: "10001:10001",`,
    `});`,
  ];
  writeKubernetesStack(dir, { stack, namespace: stack, names: ["Image", "Service", "Size"], body: [...svc("app", greeting), ...(extra ? svc("extra", "x") : [])] });
}

describe("berth plan on Kubernetes", () => {
  it("answers a second up from the no-op cache, reports drift by other field managers with field paths and managers, exits 4, and up takes the fields back", async () => {
    requireCluster();
    write("hello");
    const up = await berthAsync(["up", dir, "--timeout", "120"]);
    expect([up.code, up.stderr]).toEqual([0, ""]);
    const clean = await berthAsync(["plan", dir, "--exit-code"]);
    expect([clean.code, clean.stdout.trim()]).toEqual([0, `No changes: '${stack}' is up to date (8 objects).`]);
    // The second up is answered from the recorded graph (the no-op cache), with read requests only.
    const cached = await berthAsync(["up", dir], { BERTH_DEBUG: "cache" });
    expect([cached.code, cached.stdout.split("\n")[0], cached.stderr]).toEqual([0, `No changes: '${stack}' is up to date.`, "berth: up cache: hit\n"]);

    expect(kubectl(["-n", stack, "scale", "deployment", "app", "--replicas=2"]).code).toBe(0);
    expect(kubectl(["-n", stack, "patch", "deployment", "app", "--type=json", "-p", `[{"op":"replace","path":"/spec/template/spec/containers/0/env/0/value","value":"patched"}]`]).code).toBe(0);
    // A field Berth does not declare is the other manager's: no drift.
    expect(kubectl(["-n", stack, "annotate", "serviceaccount", "extra", "team=ops"]).code).toBe(0);
    const drift = await berthAsync(["plan", dir, "--exit-code"]);
    expect(drift.code).toBe(4);
    expect(drift.stdout).toContain("* update  deployment  app  (spec.replicas (kubectl), spec.template.spec.containers[app].env[GREETING].value (kubectl-patch))  [drift]");
    expect(drift.stdout).toContain(`Plan for '${stack}': 7 noop, 1 update.`);
    const json = await berthAsync(["plan", dir, "--json"]);
    const change = (JSON.parse(json.stdout) as { plan: { changes: { name: string; op: string; drift: boolean }[] } }).plan.changes.find((c) => c.name === "app");
    expect(change).toMatchObject({ op: "update", drift: true });

    // The no-op cache declines: the full run takes the fields back.
    const fix = await berthAsync(["up", dir, "--timeout", "120"], { BERTH_DEBUG: "cache" });
    expect(fix.code).toBe(0);
    expect(fix.stderr).toContain("berth: up cache: miss: the cluster has changes to make\n");
    expect(fix.stdout).toContain("update deployment app: done");
    expect(kubectl(["-n", stack, "get", "deployment", "app", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].env[0].value}"]).stdout).toBe("1 hello");
    expect(kubectl(["-n", stack, "get", "serviceaccount", "extra", "-o", "jsonpath={.metadata.annotations.team}"]).stdout).toBe("ops");
    expect((await berthAsync(["plan", dir, "--exit-code"])).code).toBe(0);
  }, 300_000);

  it("names the field path a changed env changes, and the owned objects a removed service leaves to delete", async () => {
    requireCluster();
    write("goodbye", false);
    const p = await berthAsync(["plan", dir, "--exit-code"]);
    expect(p.code).toBe(4);
    expect(p.stdout).toContain("* update  deployment  app  (spec.template.spec.containers[app].env[GREETING].value)\n");
    expect(p.stdout).toMatch(/^- delete\s+deployment\s+extra\s+\(not in the program any more\)$/m);
    expect(p.stdout).toMatch(/^- delete\s+service-account\s+extra\s+\(not in the program any more\)$/m);
    // Planning changed nothing.
    expect(kubectl(["-n", stack, "get", "deployment", "app", "-o", "jsonpath={.spec.template.spec.containers[0].env[0].value}"]).stdout).toBe("hello");
    expect(kubectl(["-n", stack, "get", "deployment", "extra", "-o", "name"]).stdout.trim()).toBe("deployment.apps/extra");
  }, 180_000);
});
