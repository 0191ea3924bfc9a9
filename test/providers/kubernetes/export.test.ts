import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { exportKubernetes } from "../../../providers/kubernetes/export.ts";
import { kubernetesProvider } from "../../../providers/kubernetes/provider.ts";
import { Image, Kubernetes, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { CANARY, DIGEST, smallKubernetesGraph, smallKubernetesPortable } from "./fixture-graph.ts";

const NS = "berth-k8s-fixture";

describe("exportKubernetes", () => {
  const graph = smallKubernetesGraph();
  const exported = exportKubernetes(graph);
  const docs = parseAllDocuments(exported.text).map((d) => d.toJS() as { kind: string; metadata: { name: string } });

  it("writes every node's manifest unchanged, one YAML document each, in apply order with dependencies first", () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      `Namespace/${NS}`,
      "ConfigMap/tiny-applyset",
      "ServiceAccount/api",
      "ServiceAccount/db",
      "ServiceAccount/migrate",
      "ServiceAccount/tool",
      "ServiceAccount/worker",
      "Secret/secret-apikey",
      "ConfigMap/config-motd",
      "PersistentVolumeClaim/data",
      "PersistentVolumeClaim/media",
      "NetworkPolicy/tiny-default-deny",
      "NetworkPolicy/tiny-default",
      "NetworkPolicy/api-published",
      "NetworkPolicy/backend",
      "NetworkPolicy/quiet",
      "NetworkPolicy/quiet-egress",
      "NetworkPolicy/worker-published",
      "Service/api",
      "Service/db",
      "Service/worker",
      "PodDisruptionBudget/api",
      "Ingress/worker",
      "Job/migrate",
      "Deployment/api",
      "Deployment/db",
      "Deployment/tool",
      "Deployment/worker",
    ]);
    const byName = new Map(graph.nodes.map((n) => [`${n.object.kind}/${n.object.metadata.name}`, n.object]));
    for (const d of docs) expect(d).toEqual(byName.get(`${d.kind}/${d.metadata.name}`));
  });

  it("never exports a secret value: the Secret has no data, and a note says how to fill it from the file the user provides", () => {
    expect(exported.text).not.toContain(CANARY);
    expect(docs.find((d) => d.kind === "Secret")).not.toHaveProperty("data");
    expect(docs.find((d) => d.kind === "Secret")).not.toHaveProperty("stringData");
    expect(exported.secrets).toEqual({ "secrets/secret-apikey": "secret/apiKey" });
  });

  it("notes what plain kubectl apply cannot do: fill secrets, find referenced Secrets, wait for dependencies", () => {
    expect(exported.notes).toEqual([
      `Secret secret-apikey (secret/apiKey) is exported without its value; fill it from secrets/secret-apikey: kubectl -n ${NS} create secret generic secret-apikey --from-file=value=secrets/secret-apikey --dry-run=client -o yaml | kubectl apply --server-side --field-manager=berth-secrets -f -`,
      `api mounts key tls.crt of the Secret tiny-tls, which Berth does not create: it must exist in namespace ${NS}.`,
      `api depends on migrate (waits until it has completed); kubectl apply cannot wait: apply migrate first and run \`kubectl -n ${NS} wait --for=condition=complete job/migrate\` before api.`,
    ]);
    expect(exported.text.split("\n").slice(0, 5)).toEqual([
      `# Stack tiny (dev) for Kubernetes, namespace ${NS}; written by \`berth export --format kubernetes\`.`,
      "# Apply with: kubectl apply --server-side -f <this file>",
      ...exported.notes.map((n) => `# ${n}`),
    ]);
  });

  it("is the registration's `kubernetes` format, written as kubernetes.yaml with the secret files to provide", () => {
    const format = kubernetesProvider.exports[0]!;
    const result = format.render({ graph: smallKubernetesPortable(), dir: ".", config: () => undefined });
    expect([format.name, format.aliases, result.main.name, result.main.text, result.files, result.secrets, result.notes]).toEqual([
      "kubernetes",
      ["k8s", "yaml"],
      "kubernetes.yaml",
      exported.text,
      {},
      exported.secrets,
      exported.notes,
    ]);
  });

  it("says how to build and push an image Berth builds", () => {
    const stack = new Stack("tiny", { environment: "dev", target: new Kubernetes({ namespace: "tiny", registry: "registry.example.com" }), config: StackConfig.from({}) });
    new Service(stack, "web", { image: Image.fromBuild({ context: "web" }) });
    new Service(stack, "db", { image: Image.fromRegistry(`postgres:16@${DIGEST}`) });
    const result = kubernetesProvider.exports[0]!.render({ graph: synth(stack), dir: "/nonexistent/stack", config: () => undefined });
    expect(result.notes.filter((n) => n.includes("built by Berth"))).toHaveLength(1);
    expect(result.notes[0]).toMatch(/^image\/web is built by Berth: build and push registry\.example\.com\/tiny\/web:[0-9a-f]{16} \(docker build -t registry\.example\.com\/tiny\/web:[0-9a-f]{16} \/nonexistent\/stack\/web && docker push registry\.example\.com\/tiny\/web:[0-9a-f]{16}\) before applying\.$/);
  });
});
