/**
 * The stack's ApplySet (KEP-3659) on the REAL API server of the berth-k8s kit (v1.28): after
 * `berth up`, kubectl finds exactly the stack's objects by the ApplySet's part-of label, the
 * parent's id is the KEP's formula (computed here, independently of Berth), and kubectl refuses
 * to apply or prune with `--applyset` on Berth's parent, which another tool manages.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { berthAsync, kubeconfig, kubectl, requireCluster, writeKubernetesStack } from "../../support/kubernetes.ts";

process.env.KUBECONFIG = kubeconfig();
const stack = `bk-applyset-${randomBytes(3).toString("hex")}`;
const dir = mkdtempSync(join(tmpdir(), "berth-k8s-applyset-"));
afterAll(() => {
  kubectl(["delete", "namespace", stack, "--wait=false", "--ignore-not-found"]);
  rmSync(dir, { recursive: true, force: true });
});

/** KEP-3659: `applyset-` + base64url (no padding) of sha256(`<name>.<namespace>.<Kind>.<group>`) + `-v1`. */
function kepId(name: string, namespace: string, kind: string, group: string): string {
  return `applyset-${createHash("sha256").update(`${name}.${namespace}.${kind}.${group}`).digest("base64url")}-v1`;
}

const BODY = [
  `new Service(stack, "web", {`,
  `  image: Image.fromRegistry("localhost/berth/busybox:1.35"),`,
  `  command: ["sh", "-c", "echo applyset > /www/index.html && exec httpd -f -p 8080 -h /www"],`,
  `  ports: [{ container: 8080, published: ${30000 + (randomBytes(2).readUInt16BE() % 2700)} }],`,
  `  healthcheck: { http: { port: 8080, path: "/" }, interval: Duration.seconds(1) },`,
  `  resources: { cpu: 0.1, memory: Size.mebibytes(32) },`,
  `  user: "10001:10001",`,
  `  tmpfs: ["/www"],`,
  `});`,
];

describe("the stack's ApplySet on a real cluster", () => {
  it("labels exactly the stack's objects with the parent's KEP-3659 id, which kubectl refuses to take over with --applyset, and down removes the parent last", async () => {
    requireCluster();
    writeKubernetesStack(dir, { stack, namespace: stack, names: ["Duration", "Image", "Service", "Size"], body: BODY });
    const up = await berthAsync(["up", dir, "--timeout", "90"]);
    expect([up.code, up.stderr]).toEqual([0, ""]);

    const id = kepId(`${stack}-applyset`, stack, "ConfigMap", "");
    const parent = kubectl(["-n", stack, "get", "configmap", `${stack}-applyset`, "-o", "json"]);
    const meta = (JSON.parse(parent.stdout) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> } }).metadata;
    expect(meta.labels["applyset.kubernetes.io/id"]).toBe(id);
    expect([meta.annotations["applyset.kubernetes.io/tooling"], meta.annotations["applyset.kubernetes.io/contains-group-kinds"]]).toEqual([
      "berth/v1",
      "Deployment.apps,Namespace,NetworkPolicy.networking.k8s.io,Service,ServiceAccount",
    ]);

    const kinds = "namespaces,deployments,replicasets,pods,services,serviceaccounts,networkpolicies,configmaps,secrets,persistentvolumeclaims,jobs,poddisruptionbudgets,ingresses";
    const members = kubectl(["get", kinds, "--all-namespaces", "-l", `applyset.kubernetes.io/part-of=${id}`, "-o", "name"]);
    expect(members.code).toBe(0);
    expect(members.stdout.trim().split("\n").sort()).toEqual(
      [
        `namespace/${stack}`,
        "deployment.apps/web",
        "service/web",
        "serviceaccount/web",
        `networkpolicy.networking.k8s.io/${stack}-default`,
        `networkpolicy.networking.k8s.io/${stack}-default-deny`,
        "networkpolicy.networking.k8s.io/web-published",
      ].sort(),
    );

    // kubectl's ApplySet protection: it acts only on a parent its own tooling manages.
    const manifest = join(dir, "extra.yaml");
    writeFileSync(manifest, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: ${stack}\ndata:\n  k: v\n`);
    process.env.KUBECTL_APPLYSET = "true";
    const taken = kubectl(["apply", "--server-side", `--applyset=configmap/${stack}-applyset`, "-n", stack, "--prune", "-f", manifest]);
    delete process.env.KUBECTL_APPLYSET;
    expect([taken.code, taken.stderr.trim()]).toEqual([1, `error: ApplySet parent object "configmaps./${stack}-applyset" already exists and is managed by tooling "berth" instead of "kubectl"`]);
    expect(kubectl(["-n", stack, "get", "configmap", "extra", "--ignore-not-found", "-o", "name"]).stdout).toBe("");

    const down = await berthAsync(["down", dir]);
    expect([down.code, down.stderr]).toEqual([0, ""]);
    expect(down.stdout).toContain(`- configmap ${stack}-applyset\n`);
    expect(kubectl(["get", "namespace", stack, "--ignore-not-found", "-o", "jsonpath={.status.phase}"]).stdout).not.toBe("Active");
  }, 180_000);
});
