/**
 * The export against the REAL API server (the berth-k8s kit's Kubernetes v1.28 cluster):
 * every object of the shop (stacks/prod, exported by the CLI) and of the fixture (every kind the
 * lowering writes) is accepted by `kubectl apply --server-side --dry-run=server
 * --validate=strict`, which runs the server's defaulting, validation and admission and stores
 * nothing. A server-side dry-run does not create the Namespace document, so each test makes
 * sure the namespace exists first and removes it afterwards if it made it.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { exportKubernetes } from "../../../providers/kubernetes/export.ts";
import { berthSync, ensureNamespace, kubectlName, requireCluster, serverDryRun } from "../../support/kubernetes.ts";
import { FIXTURE_NAMESPACE, smallKubernetesGraph } from "./fixture-graph.ts";

/** The lines `kubectl apply --dry-run=server` prints for every document of a manifest. */
function expectedLines(manifest: string): string[] {
  return parseAllDocuments(manifest).map((d) => `${kubectlName(d.toJS() as { apiVersion: string; kind: string; metadata: { name: string } })} serverside-applied (server dry run)`);
}

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

describe("the Kubernetes export on a real API server", () => {
  it("has every object of the shop's `berth export stacks/prod --format kubernetes` accepted by a server-side dry-run", () => {
    requireCluster();
    cleanups.push(ensureNamespace("shop"));
    const dir = mkdtempSync(join(tmpdir(), "berth-k8s-export-"));
    try {
      const out = join(dir, "kubernetes.yaml");
      const exported = berthSync(["export", "stacks/prod", "--format", "kubernetes", "--out", out]);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toBe(`wrote ${out}\nprovide ${join(dir, "secrets/secret-dbpassword")}: the value of secret 'secret/dbPassword' (never exported)\n`);
      const manifest = readFileSync(out, "utf8");
      const applied = serverDryRun(manifest);
      expect(applied.stderr).toBe("");
      expect(applied.stdout.trim().split("\n")).toEqual(expectedLines(manifest));
      expect(expectedLines(manifest)).toEqual([
        "namespace/shop serverside-applied (server dry run)",
        "configmap/shop-applyset serverside-applied (server dry run)",
        "serviceaccount/shop-db serverside-applied (server dry run)",
        "serviceaccount/shop-migrate serverside-applied (server dry run)",
        "serviceaccount/shop-web serverside-applied (server dry run)",
        "secret/secret-dbpassword serverside-applied (server dry run)",
        "persistentvolumeclaim/shop-pgdata serverside-applied (server dry run)",
        "networkpolicy.networking.k8s.io/shop-default-deny serverside-applied (server dry run)",
        "networkpolicy.networking.k8s.io/shop-backend serverside-applied (server dry run)",
        "networkpolicy.networking.k8s.io/shop-web-published serverside-applied (server dry run)",
        "service/shop-db serverside-applied (server dry run)",
        "service/shop-web serverside-applied (server dry run)",
        "poddisruptionbudget.policy/shop-web serverside-applied (server dry run)",
        "deployment.apps/shop-db serverside-applied (server dry run)",
        "job.batch/shop-migrate serverside-applied (server dry run)",
        "deployment.apps/shop-web serverside-applied (server dry run)",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has every kind of object the lowering writes accepted by a server-side dry-run", () => {
    requireCluster();
    cleanups.push(ensureNamespace(FIXTURE_NAMESPACE));
    const manifest = exportKubernetes(smallKubernetesGraph()).text;
    const applied = serverDryRun(manifest);
    expect(applied.stderr).toBe("");
    expect(applied.stdout.trim().split("\n")).toEqual(expectedLines(manifest));
    expect(new Set(parseAllDocuments(manifest).map((d) => (d.toJS() as { kind: string }).kind))).toEqual(
      new Set(["Namespace", "ServiceAccount", "Secret", "ConfigMap", "PersistentVolumeClaim", "NetworkPolicy", "Service", "PodDisruptionBudget", "Ingress", "Deployment", "Job"]),
    );
  });

  it("has a server-side dry-run accept a node port outside the range, since only a real create allocates node ports: lowering refuses it instead", () => {
    requireCluster();
    cleanups.push(ensureNamespace(FIXTURE_NAMESPACE));
    const manifest = exportKubernetes(smallKubernetesGraph()).text.replace("nodePort: 30080", "nodePort: 8080");
    const applied = serverDryRun(manifest);
    expect([applied.code, applied.stderr]).toEqual([0, ""]);
    expect(applied.stdout).toContain("service/api serverside-applied (server dry run)");
  });
});
