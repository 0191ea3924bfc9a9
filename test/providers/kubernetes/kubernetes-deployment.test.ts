/**
 * A KubernetesDeployment lowered by the Kubernetes provider (one Deployment with Berth's
 * metadata, selector, pod labels and pinned images, its ServiceAccount, a Service for its ports,
 * a disruption budget for its replicas, the graph's Secret and ConfigMap named where the template
 * names them), exported by `--format kubernetes` and accepted by a server-side dry-run on the
 * REAL API server; and `berth check` failing closed (exit 3) on another target.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { exportKubernetes } from "../../../providers/kubernetes/export.ts";
import { lowerKubernetes } from "../../../providers/kubernetes/lower.ts";
import type { ApiDeployment } from "../../../providers/kubernetes/objects.ts";
import { berthSync, ensureNamespace, kubectlName, requireCluster, serverDryRun } from "../../support/kubernetes.ts";
import { nodeOf } from "./fixture-graph.ts";
import { KD_CANARY, KD_NAMESPACE, kubernetesDeploymentPortable } from "./kubernetes-deployment-fixture.ts";

const REPO_ROOT = join(import.meta.dirname, "../../..");
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

const IMAGE = "docker.io/berth-local/busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const SELECTOR = { "app.kubernetes.io/instance": "mixed", "app.kubernetes.io/name": "api" };

describe("KubernetesDeployment lowering", () => {
  const g = lowerKubernetes(kubernetesDeploymentPortable());

  it("lowers to a Deployment, its ServiceAccount, a Service for its ports and a disruption budget, beside the portable Service's objects", () => {
    expect(g.nodes.filter((n) => n.source === "api").map((n) => `${n.kind} ${n.id}`)).toEqual([
      "k8s.deployment api",
      "k8s.pod-disruption-budget api#disruption-budget",
      "k8s.service api#service",
      "k8s.service-account api#service-account",
    ]);
    expect(g.edges).toEqual([{ from: "web", to: "api", condition: "healthy" }]);
  });

  it("keeps the spec as written and adds Berth's ownership labels, selector, pod labels with network membership, service account and pinned images", () => {
    const d = nodeOf(g, "api", "k8s.deployment");
    expect([d.role, d.image]).toEqual(["kubernetes-deployment", "image/busybox-1"]);
    const o = d.object;
    expect(o.metadata.labels).toMatchObject({ "berth.stack": "mixed", "berth.node": "api", "app.kubernetes.io/managed-by": "berth", "app.kubernetes.io/component": "kubernetes-deployment", team: "payments" });
    expect(o.metadata.annotations["berth.spec-hash"]).toBe(d.hash);
    expect([o.spec.replicas, o.spec.strategy, o.spec.selector]).toEqual([2, { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, { matchLabels: SELECTOR }]);
    expect(o.spec.template.metadata.labels).toMatchObject({ ...SELECTOR, tier: "api", "berth.net/backend": "true", "berth.stack": "mixed" });
    expect(o.spec.template.metadata.labels).not.toHaveProperty("berth.version");
    expect(o.spec.template.metadata.annotations).toEqual({ "example.com/scrape": "true" });
    const pod = o.spec.template.spec as ApiDeployment["spec"]["template"]["spec"];
    expect([pod.serviceAccountName, pod.automountServiceAccountToken]).toEqual(["api", false]);
    expect([...pod.containers, ...(pod.initContainers ?? [])].map((c) => [c.name, c.image])).toEqual([["api", IMAGE], ["proxy", IMAGE], ["warm", IMAGE]]);
    expect(pod.securityContext).toEqual({ runAsUser: 10001, runAsGroup: 10001, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
  });

  it("names the graph's Secret and ConfigMap, and the keys they hold, wherever the template names them", () => {
    const pod = nodeOf(g, "api", "k8s.deployment").object.spec.template.spec;
    expect(pod.containers[0]!.env).toEqual([{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "secret-dbpassword", key: "value" } } }]);
    expect(pod.volumes).toEqual([
      { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "8Mi" } },
      { name: "settings", configMap: { name: "config-settings", items: [{ key: "content", path: "settings" }] } },
      { name: "secrets", secret: { secretName: "secret-dbpassword", items: [{ key: "value", path: "db-password" }] } },
    ]);
    expect(JSON.stringify(g)).not.toContain(KD_CANARY);
  });

  it("gives it a ClusterIP Service on its container ports, so a portable workload's hostname reference reaches it", () => {
    expect(nodeOf(g, "api#service", "k8s.service").object.spec).toEqual({ type: "ClusterIP", selector: SELECTOR, ports: [{ name: "http", protocol: "TCP", port: 8080, targetPort: 8080 }] });
    const web = nodeOf(g, "web", "k8s.deployment").object.spec.template.spec.containers[0]!;
    expect(web.env).toContainEqual({ name: "API_URL", value: "api" });
    expect(nodeOf(g, "api#disruption-budget", "k8s.pod-disruption-budget").object.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: SELECTOR } });
  });

  it("uses the template's own service account when it names one, and creates none", () => {
    const kd = kubernetesDeploymentPortable();
    const api = kd.nodes.find((n) => n.id === "api")!;
    if (api.spec.kind !== "kubernetes-deployment") throw new Error("not a kubernetes-deployment");
    api.spec.spec.template.spec.serviceAccountName = "payments";
    const lowered = lowerKubernetes(kd);
    expect(lowered.nodes.some((n) => n.id === "api#service-account")).toBe(false);
    expect(nodeOf(lowered, "api", "k8s.deployment").object.spec.template.spec.serviceAccountName).toBe("payments");
  });
});

describe("KubernetesDeployment export", () => {
  it("is exported by --format kubernetes and accepted, with every other object, by a server-side dry-run on the real API server", () => {
    requireCluster();
    cleanups.push(ensureNamespace(KD_NAMESPACE));
    const manifest = exportKubernetes(lowerKubernetes(kubernetesDeploymentPortable())).text;
    expect(manifest).not.toContain(KD_CANARY);
    const names = parseAllDocuments(manifest).map((d) => kubectlName(d.toJS() as { apiVersion: string; kind: string; metadata: { name: string } }));
    expect(names).toEqual(expect.arrayContaining(["deployment.apps/api", "service/api", "serviceaccount/api", "poddisruptionbudget.policy/api", "deployment.apps/web"]));
    expect(names.indexOf("deployment.apps/api")).toBeLessThan(names.indexOf("deployment.apps/web"));
    const applied = serverDryRun(manifest);
    expect(applied.stderr).toBe("");
    expect(applied.stdout.trim().split("\n")).toEqual(names.map((n) => `${n} serverside-applied (server dry run)`));
  });
});

describe("KubernetesDeployment on another target", () => {
  it("fails `berth check` with exit 3, naming the construct, before anything runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-tcons-check-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      join(dir, "index.ts"),
      [
        `import { Image, KubernetesDeployment, Stack, Swarm } from ${JSON.stringify(join(REPO_ROOT, "sdk/index.ts"))};`,
        `const stack = new Stack("tcons", { environment: "dev", target: new Swarm() });`,
        `new KubernetesDeployment(stack, "api", { images: { api: Image.fromRegistry("busybox:1.36@sha256:${"0".repeat(64)}") }, spec: { template: { spec: { containers: [{ name: "api" }] } } } });`,
        `export default stack;`,
      ].join("\n"),
    );
    const r = berthSync(["check", dir]);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toContain("portability.target.kubernetes-deployment");
    expect(r.stdout + r.stderr).toContain("KubernetesDeployment 'api' is a kubernetes-deployment, and target.kubernetes-deployment is unsupported on swarm");
  });
});
