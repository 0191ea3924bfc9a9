/**
 * A KubernetesDeployment deployed by Berth's own Kubernetes engine on the REAL API server of the
 * berth-k8s kit (v1.28), beside a portable Service that depends on it: both become Ready, the
 * portable workload reaches it by hostname through its Service, a second `up` sends no mutating
 * request, and `down` removes both. The stack's namespace (`bk-tcons-…`) is removed afterwards.
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

const BODY = [
  `const api = new KubernetesDeployment(stack, "api", {`,
  `  images: { api: Image.fromRegistry("localhost/berth/busybox:1.35") },`,
  `  spec: {`,
  `    replicas: 2,`,
  `    template: {`,
  `      metadata: { labels: { tier: "api" } },`,
  `      spec: {`,
  `        securityContext: { runAsUser: 10001, runAsGroup: 10001, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },`,
  `        containers: [{`,
  `          name: "api",`,
  `          command: ["sh", "-c", "mkdir -p /tmp/www && echo from-api > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"],`,
  `          ports: [{ name: "http", containerPort: 8080 }],`,
  `          readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 1 },`,
  `          resources: { limits: { cpu: "100m", memory: "32Mi" }, requests: { cpu: "50m", memory: "16Mi" } },`,
  `          securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },`,
  `          volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],`,
  `        }],`,
  `        volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "8Mi" } }],`,
  `      },`,
  `    },`,
  `  },`,
  `});`,
  `new Service(stack, "web", {`,
  `  image: Image.fromRegistry("localhost/berth/busybox:1.35"),`,
  `  command: ["sh", "-c", "wget -q -O /tmp/got http://" + "\${API}" + ":8080/ && cat /tmp/got && exec sleep 3600"],`,
  `  env: { API: api.hostname },`,
  `  dependsOn: [{ on: api, condition: "healthy" }],`,
  `  healthcheck: { command: ["test", "-s", "/tmp/got"], interval: Duration.seconds(1) },`,
  `  resources: { cpu: 0.1, memory: Size.mebibytes(32) },`,
  `  user: "10001:10001",`,
  `  tmpfs: ["/tmp"],`,
  `});`,
];

describe("a KubernetesDeployment on a real cluster with Berth's engine", () => {
  it("becomes Ready with a portable Service that depends on it and reads it by hostname; a second up changes nothing; down removes both", async () => {
    requireCluster();
    const stack = `bk-tcons-${randomBytes(3).toString("hex")}`;
    namespaces.push(stack);
    const dir = mkdtempSync(join(tmpdir(), "berth-tcons-"));
    dirs.push(dir);
    writeKubernetesStack(dir, { stack, namespace: stack, names: ["Duration", "Image", "KubernetesDeployment", "Service", "Size"], body: BODY });

    const up = await berthAsync(["up", dir, "--timeout", "120"]);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("create deployment api: done");
    expect(up.stdout).toContain("create deployment web: done");
    expect(up.stdout.indexOf("create deployment api: done")).toBeLessThan(up.stdout.indexOf("create deployment web: done"));

    const ready = kubectl(["-n", stack, "get", "deployments", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.readyReplicas}/{.spec.replicas} {end}"]);
    expect(ready.stdout.trim().split(" ").sort()).toEqual(["api=2/2", "web=1/1"]);
    const labels = kubectl(["-n", stack, "get", "deployment", "api", "-o", "jsonpath={.metadata.labels.berth\\.stack} {.metadata.labels.app\\.kubernetes\\.io/managed-by} {.spec.template.spec.serviceAccountName}"]);
    expect(labels.stdout).toBe(`${stack} berth api`);
    const logs = kubectl(["-n", stack, "logs", "deployment/web"]);
    expect(logs.stdout.trim()).toBe("from-api");

    const graph = JSON.parse(berthSync(["synth", dir]).stdout) as Graph;
    const session = openKubernetesSession({ graph, dir, config: () => undefined });
    const again = await session.up({ parallelism: 4, timeoutMs: 60_000 });
    expect([again.changed, again.applied]).toEqual([false, 0]);
    expect(session.client.mutations).toEqual([]);

    const down = await berthAsync(["down", dir]);
    expect(down.stderr).toBe("");
    expect(down.code).toBe(0);
    expect(down.stdout).toContain("- deployment api\n");
    expect(down.stdout).toContain("- service api\n");
    const left = kubectl(["-n", stack, "get", "deployments,services,serviceaccounts,poddisruptionbudgets", "-l", `berth.stack=${stack}`, "-o", "name"]);
    expect([left.code, left.stdout]).toEqual([0, ""]);
  }, 300_000);
});
