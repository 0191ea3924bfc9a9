import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { desiredObject } from "../../../providers/kubernetes/engine/apply.ts";
import { realizeKubernetesWithPulumi } from "../../../providers/kubernetes/pulumi.ts";
import type { KubernetesGraph, KubernetesNode } from "../../../providers/kubernetes/target.ts";
import { BerthError } from "../../../sdk/core/errors.ts";
import { recordPulumi, recordRealization } from "../../support/pulumi-mocks.ts";
import { CANARY, FIXTURE_NAMESPACE, nodeOf, smallKubernetesGraph } from "./fixture-graph.ts";

const WORKLOADS = ["api", "db", "migrate", "tool", "worker"];
/** What every workload waits for, as the engine applies it: the namespace, accounts, data, claims and policies. */
const BEFORE_WORKLOADS = [
  "#applyset",
  "#default-deny",
  "#default-network",
  "#namespace",
  "api#disruption-budget",
  "api#published",
  "api#service-account",
  "backend",
  "config/motd",
  "data",
  "db#service-account",
  "media",
  "migrate#service-account",
  "quiet",
  "quiet#egress",
  "secret/apiKey",
  "tool#service-account",
  "worker#published",
  "worker#service-account",
];
const ACCOUNTS = WORKLOADS.map((w) => `${w}#service-account`);

/** The graph with one node changed. */
function withNode(g: KubernetesGraph, id: string, change: (n: KubernetesNode) => KubernetesNode): KubernetesGraph {
  return { ...g, nodes: g.nodes.map((n) => (n.id === id ? change(n) : n)) };
}

describe("realizeKubernetesWithPulumi on the fixture", () => {
  const run = recordRealization({
    project: "tiny",
    secretConfig: { "tiny:apiKey": CANARY },
    graph: () => smallKubernetesGraph(),
    realize: (g) => realizeKubernetesWithPulumi(g),
  });
  const { byName } = run;

  it("creates one resource per object of the lowered graph, named by its node id, of the typed class of its apiVersion and kind", () => {
    expect(run.registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "kubernetes:apps/v1:Deployment api",
      "kubernetes:apps/v1:Deployment db",
      "kubernetes:apps/v1:Deployment tool",
      "kubernetes:apps/v1:Deployment worker",
      "kubernetes:batch/v1:Job migrate",
      "kubernetes:core/v1:ConfigMap #applyset",
      "kubernetes:core/v1:ConfigMap config/motd",
      "kubernetes:core/v1:Namespace #namespace",
      "kubernetes:core/v1:PersistentVolumeClaim data",
      "kubernetes:core/v1:PersistentVolumeClaim media",
      "kubernetes:core/v1:Secret secret/apiKey",
      "kubernetes:core/v1:Service api#service",
      "kubernetes:core/v1:Service db#service",
      "kubernetes:core/v1:Service worker#service",
      "kubernetes:core/v1:ServiceAccount api#service-account",
      "kubernetes:core/v1:ServiceAccount db#service-account",
      "kubernetes:core/v1:ServiceAccount migrate#service-account",
      "kubernetes:core/v1:ServiceAccount tool#service-account",
      "kubernetes:core/v1:ServiceAccount worker#service-account",
      "kubernetes:networking.k8s.io/v1:Ingress worker#ingress",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy #default-deny",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy #default-network",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy api#published",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy backend",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy quiet",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy quiet#egress",
      "kubernetes:policy/v1:PodDisruptionBudget api#disruption-budget",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy worker#published",
    ].sort());
  });

  it("gives every resource exactly the object Berth's engine applies for its node, Secret data included", () => {
    const values = new Map([["secret/apiKey", Buffer.from(CANARY)]]);
    for (const n of run.graph.nodes) expect({ id: n.id, inputs: byName(n.id).inputs }).toEqual({ id: n.id, inputs: desiredObject(n, values) });
  });

  it("gives the ConfigMap its manifest field for field: namespace, labels and annotations (the spec hash too) as the engine writes them", () => {
    expect(byName("config/motd").inputs).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "config-motd",
        namespace: FIXTURE_NAMESPACE,
        labels: {
          "app.kubernetes.io/component": "config",
          "app.kubernetes.io/instance": "tiny",
          "app.kubernetes.io/managed-by": "berth",
          "app.kubernetes.io/name": "config-motd",
          "app.kubernetes.io/part-of": "tiny",
          "applyset.kubernetes.io/part-of": nodeOf(run.graph, "#namespace", "k8s.namespace").object.metadata.labels["applyset.kubernetes.io/part-of"],
          "berth.app": "tiny",
          "berth.node": "config-motd",
          "berth.stack": "tiny",
          "berth.version": "0.1.0",
        },
        annotations: { "berth.node": "config/motd", "berth.spec-hash": nodeOf(run.graph, "config/motd", "k8s.config-map").hash },
      },
      data: { content: "hello" },
    });
  });

  it("passes the Secret's value only as a Pulumi secret from Pulumi config, base64 under the key `value`", () => {
    const s = byName("secret/apiKey");
    expect(s.secretInputs).toEqual(["data"]);
    expect(s.inputs.data).toEqual({ value: Buffer.from(CANARY).toString("base64") });
    const others = JSON.stringify(run.registered.filter((r) => r.name !== "secret/apiKey"));
    expect([others.includes(CANARY), others.includes(Buffer.from(CANARY).toString("base64"))]).toEqual([false, false]);
  });

  it("orders resources as the engine applies them: the namespace, the ApplySet's parent, accounts, then data and policies, then workloads after what they depend on", () => {
    expect(byName("#namespace").dependsOn).toEqual([]);
    expect(byName("api#service-account").dependsOn).toEqual(["#applyset", "#namespace"]);
    expect(byName("config/motd").dependsOn).toEqual(["#applyset", "#namespace", ...ACCOUNTS]);
    expect(byName("migrate").dependsOn).toEqual(BEFORE_WORKLOADS);
    expect(byName("api").dependsOn).toEqual([...BEFORE_WORKLOADS, "migrate"].sort());
  });

  it("does not make a workload wait for a Service or Ingress, which Pulumi awaits until the workload's pods are ready", () => {
    for (const w of WORKLOADS) expect(byName(w).dependsOn.filter((d) => d.endsWith("#service") || d.endsWith("#ingress"))).toEqual([]);
    expect(byName("worker#service").dependsOn).toEqual(["#applyset", "#namespace", ...ACCOUNTS]);
    expect(byName("worker#ingress").dependsOn).toEqual(["#applyset", "#namespace", ...ACCOUNTS]);
  });

  it("replaces fixed-name objects delete-first and keeps claims and the namespace on destroy, as berth down keeps them", () => {
    const kept = run.registered.filter((r) => r.options.retainOnDelete).map((r) => r.name);
    expect(kept.sort()).toEqual(["#namespace", "data", "media"]);
    expect(run.registered.every((r) => r.options.deleteBeforeReplace)).toBe(true);
  });

  it("uses Pulumi's default provider (KUBECONFIG, its current context) when the target names no context", () => {
    expect(run.registered.filter((r) => r.type.startsWith("pulumi:providers:") || r.provider !== undefined)).toEqual([]);
  });
});

describe("realizeKubernetesWithPulumi on a target with a kubeconfig context", () => {
  const run = recordRealization({
    project: "tiny",
    secretConfig: { "tiny:apiKey": CANARY },
    graph: () => ({ ...smallKubernetesGraph(), context: "berth-k8spulumi-ctx" }),
    realize: (g) => realizeKubernetesWithPulumi(g),
  });

  it("creates every object through a provider for that context", () => {
    expect(run.byName("tiny-kubernetes")).toMatchObject({ type: "pulumi:providers:kubernetes", inputs: { context: "berth-k8spulumi-ctx" } });
    const objects = run.registered.filter((r) => r.name !== "tiny-kubernetes");
    expect(objects.length).toBe(run.graph.nodes.length);
    expect(new Set(objects.map((r) => r.provider))).toEqual(new Set(["tiny-kubernetes"]));
  });
});

describe("realizeKubernetesWithPulumi on an object of a kind it has no typed class for", () => {
  const widget = (n: KubernetesNode) => ({ ...n, object: { ...n.object, apiVersion: "berth.example/v1", kind: "Widget" } }) as unknown as KubernetesNode;
  const run = recordRealization({
    project: "tiny",
    secretConfig: { "tiny:apiKey": CANARY },
    graph: () => withNode(smallKubernetesGraph(), "config/motd", widget),
    realize: (g) => realizeKubernetesWithPulumi(g),
  });

  it("realizes it with the generic class, every field of the manifest passed through", () => {
    const r = run.byName("config/motd");
    expect(r.type).toBe("kubernetes:berth.example/v1:Widget");
    expect(r.inputs).toEqual({ ...nodeOf(run.graph, "config/motd", "k8s.config-map").object });
  });
});

describe("realizeKubernetesWithPulumi with secrets from the environment", () => {
  const fromEnv = (n: KubernetesNode) => ({ ...n, from: { kind: "env", name: "BERTH_K8SPULUMI_KEY" } }) as KubernetesNode;
  const run = recordRealization({
    project: "tiny",
    graph: () => withNode(smallKubernetesGraph(), "secret/apiKey", fromEnv),
    realize: (g) => realizeKubernetesWithPulumi(g, { env: { BERTH_K8SPULUMI_KEY: "from-the-env" } }),
  });

  it("writes the variable's value, as a Pulumi secret", () => {
    expect(run.byName("secret/apiKey")).toMatchObject({ secretInputs: ["data"], inputs: { data: { value: Buffer.from("from-the-env").toString("base64") } } });
  });
});

describe("realizeKubernetesWithPulumi in a namespace Berth does not own (default)", () => {
  const run = recordRealization({
    project: "tiny",
    secretConfig: { "tiny:apiKey": CANARY },
    graph: () => smallKubernetesGraph({ namespace: "default" }),
    realize: (g) => realizeKubernetesWithPulumi(g),
  });

  it("creates no Namespace and puts every object in that namespace, accounts first", () => {
    expect(run.registered.filter((r) => r.type === "kubernetes:core/v1:Namespace")).toEqual([]);
    expect(new Set(run.registered.map((r) => (r.inputs.metadata as { namespace: string }).namespace))).toEqual(new Set(["default"]));
    expect(run.byName("api#service-account").dependsOn).toEqual(["#applyset"]);
    expect(run.byName("config/motd").dependsOn).toEqual(["#applyset", ...ACCOUNTS]);
  });
});

describe("realizeKubernetesWithPulumi without a secret's value", () => {
  it("fails naming the secret and the Pulumi config key before registering any resource", async () => {
    const registered = recordPulumi("tiny", "dev");
    const e = (() => {
      try {
        realizeKubernetesWithPulumi(smallKubernetesGraph());
        return undefined;
      } catch (err) {
        return err;
      }
    })();
    await pulumi.runtime.disconnect();
    expect(e).toBeInstanceOf(BerthError);
    expect((e as BerthError).issues).toEqual([
      {
        code: "secret.unresolved",
        path: "tiny/secret/apiKey",
        field: "secrets.secret/apiKey",
        found: "Pulumi config key 'tiny:apiKey' unset",
        message: `Secret 'secret/apiKey' for the Kubernetes Secret ${FIXTURE_NAMESPACE}/secret-apikey has no value for Pulumi.`,
        fix: "pulumi config set --secret apiKey <value>",
      },
    ]);
    expect(registered).toEqual([]);
  });

  it("fails naming the environment variable when a Secret.fromEnv value is unset, before registering any resource", async () => {
    const registered = recordPulumi("tiny", "dev");
    const graph = withNode(smallKubernetesGraph(), "secret/apiKey", (n) => ({ ...n, from: { kind: "env", name: "BERTH_K8SPULUMI_UNSET" } }) as KubernetesNode);
    expect(() => realizeKubernetesWithPulumi(graph, { env: {} })).toThrow(/Secret 'secret\/apiKey' for the Kubernetes Secret berth-k8s-fixture\/secret-apikey has no value on this machine/);
    await pulumi.runtime.disconnect();
    expect(registered).toEqual([]);
  });
});
