/**
 * The three realizers of the Kubernetes target agree by construction: Pulumi's resource inputs,
 * the objects Berth's engine applies (`desiredObject` of each lowered node) and the documents of
 * `berth export --format kubernetes` are the same objects, and the real API server accepts them
 * (server-side dry-run, kit cluster v1.28).
 *
 * Normalization, and nothing else:
 * - objects are compared as a set keyed by `apiVersion kind name` (each realizer has its order);
 * - an exported Secret has no `data`: values are never exported (the export's notes say how to
 *   fill it); the engine and Pulumi write the same `data`;
 * - the prod shop's namespace `shop` is renamed `berth-k8spulumi-shop` for the dry-run only, so
 *   this test never shares a namespace with another run.
 *
 * And the hand-over: objects applied as Pulumi applies them (server-side apply of its inputs,
 * under a field manager of its own) are objects Berth's engine plans as up to date, since they
 * carry the same labels and `berth.spec-hash` annotation.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { desiredObject } from "../../../providers/kubernetes/engine/apply.ts";
import { openKubernetesSession } from "../../../providers/kubernetes/engine/session.ts";
import { exportKubernetes } from "../../../providers/kubernetes/export.ts";
import { lowerKubernetesStack } from "../../../providers/kubernetes/provider.ts";
import { realizeKubernetesWithPulumi } from "../../../providers/kubernetes/pulumi.ts";
import type { KubernetesGraph } from "../../../providers/kubernetes/target.ts";
import { readLock } from "../../../sdk/config/lock-file.ts";
import { synth, type Stack } from "../../../sdk/index.ts";
import { berthSync, ensureNamespace, kubectl, kubectlName, requireCluster, serverDryRun } from "../../support/kubernetes.ts";
import { recordPulumi, recordRealization, settled, type Registered } from "../../support/pulumi-mocks.ts";
import { CANARY, smallKubernetesGraph, smallKubernetesPortable } from "./fixture-graph.ts";

const NAMESPACE = "berth-k8spulumi-agree";
const SHOP_NAMESPACE = "berth-k8spulumi-shop";
const PROD = fileURLToPath(new URL("../../../stacks/prod/", import.meta.url));
const PASSWORD = "prod-canary-k8spulumi";
const HANDOVER_NAMESPACE = "berth-k8spulumi-handover";
/** The fixture's node port in the hand-over test, which really creates its Service (unlike a dry-run). */
const HANDOVER_NODE_PORT = 32417;

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; data?: unknown };
const keyOf = (o: Obj) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`;
const byKey = (objects: readonly Obj[]) => Object.fromEntries(objects.map((o) => [keyOf(o), o]));
/** An object as the export writes it: a Secret without its value. */
const withoutSecretData = (o: Obj): Obj => (o.kind === "Secret" ? (({ data: _d, ...rest }) => rest)(o) : o);
const documents = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Obj);
const pulumiObjects = (registered: readonly Registered[]) => registered.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.inputs as unknown as Obj);
const engineObjects = (g: KubernetesGraph, values: ReadonlyMap<string, Buffer>) => g.nodes.map((n) => desiredObject(n, values) as Obj);

/** The lines a server-side dry-run prints for the objects, one each. */
const dryRunLines = (objects: readonly Obj[]) => objects.map((o) => `${kubectlName(o)} serverside-applied (server dry run)`);
const manifest = (objects: readonly Obj[]) => objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

describe("the Kubernetes realizers on the fixture (every kind the lowering writes)", () => {
  const run = recordRealization({
    project: "tiny",
    secretConfig: { "tiny:apiKey": CANARY },
    graph: () => smallKubernetesGraph({ namespace: NAMESPACE }),
    realize: (g) => realizeKubernetesWithPulumi(g),
  });
  const values = new Map([["secret/apiKey", Buffer.from(CANARY)]]);

  it("has Pulumi's inputs equal the engine's objects, Secret data included", () => {
    expect(byKey(pulumiObjects(run.registered))).toEqual(byKey(engineObjects(run.graph, values)));
  });

  it("has the export's documents equal the engine's objects, but for the Secret value the export never writes", () => {
    expect(byKey(documents(exportKubernetes(run.graph).text))).toEqual(byKey(engineObjects(run.graph, values).map(withoutSecretData)));
    expect(Object.keys(byKey(documents(exportKubernetes(run.graph).text))).length).toBe(run.graph.nodes.length);
  });

  it("has every Pulumi input accepted by the real API server's server-side dry-run", () => {
    requireCluster();
    cleanups.push(ensureNamespace(NAMESPACE));
    const objects = pulumiObjects(run.registered);
    const applied = serverDryRun(manifest(objects));
    expect(applied.stderr).toBe("");
    expect(applied.stdout.trim().split("\n").sort()).toEqual(dryRunLines(objects).sort());
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(["Namespace", "ServiceAccount", "Secret", "ConfigMap", "PersistentVolumeClaim", "NetworkPolicy", "Service", "PodDisruptionBudget", "Ingress", "Deployment", "Job"]));
  });
});

describe("the Kubernetes realizers on the prod shop", () => {
  const shop: { graph?: KubernetesGraph; registered?: Registered[] } = {};
  beforeAll(async () => {
    shop.registered = recordPulumi("shop", "prod", { "shop:dbPassword": PASSWORD }, ["shop:dbPassword"]);
    process.env.BERTH_STACK_DIR = PROD;
    const stack = ((await import("../../../stacks/prod/index.ts")) as { default: Stack }).default;
    shop.graph = lowerKubernetesStack({ graph: synth(stack, { config: stack.config, lock: readLock(PROD) }), dir: PROD, config: (k) => stack.config.get(k) });
    await settled(realizeKubernetesWithPulumi(shop.graph).resources.values());
  });
  const values = new Map([["secret/dbPassword", Buffer.from(PASSWORD)]]);

  it("has Pulumi's inputs equal the engine's objects and the documents of `berth export stacks/prod --format kubernetes`", () => {
    const [g, registered] = [shop.graph!, shop.registered!];
    const exported = berthSync(["export", "stacks/prod", "--format", "kubernetes"]);
    expect(exported.code).toBe(0);
    expect(byKey(pulumiObjects(registered))).toEqual(byKey(engineObjects(g, values)));
    expect(byKey(documents(exported.stdout))).toEqual(byKey(engineObjects(g, values).map(withoutSecretData)));
    expect(pulumiObjects(registered).length).toBe(16);
  });

  it("has every Pulumi input accepted by the real API server's server-side dry-run (in a namespace of its own)", () => {
    requireCluster();
    const registered = shop.registered!;
    cleanups.push(ensureNamespace(SHOP_NAMESPACE));
    const renamed = pulumiObjects(registered).map((o) =>
      o.kind === "Namespace" ? { ...o, metadata: { ...o.metadata, name: SHOP_NAMESPACE } } : { ...o, metadata: { ...o.metadata, namespace: SHOP_NAMESPACE } },
    );
    const applied = serverDryRun(manifest(renamed));
    expect(applied.stderr).toBe("");
    expect(applied.stdout.trim().split("\n").sort()).toEqual(dryRunLines(renamed).sort());
  });
});

describe("objects applied as Pulumi applies them, then planned by Berth's engine", () => {
  const portable = () => smallKubernetesPortable({ namespace: HANDOVER_NAMESPACE, published: HANDOVER_NODE_PORT });
  const run = recordRealization({
    project: "tiny",
    secretConfig: { "tiny:apiKey": CANARY },
    graph: () => smallKubernetesGraph({ namespace: HANDOVER_NAMESPACE, published: HANDOVER_NODE_PORT }),
    realize: (g) => realizeKubernetesWithPulumi(g),
  });

  it("are all up to date for `berth plan` (same labels, spec hash and Secret value), so Berth would see nothing to do after `pulumi up`", async () => {
    requireCluster();
    cleanups.push(() => void kubectl(["delete", "namespace", HANDOVER_NAMESPACE, "--wait=false"]));
    // Registration order is dependency order: the Namespace first.
    const applied = kubectl(["apply", "--server-side", "--field-manager=pulumi-kubernetes-stand-in", "-f", "-"], manifest(pulumiObjects(run.registered)));
    expect([applied.code, applied.stderr]).toEqual([0, ""]);
    const config: Record<string, string> = { apiKey: CANARY, motd: "hello" };
    const session = openKubernetesSession({ graph: portable(), dir: ".", config: (k) => config[k] });
    const plan = await session.plan();
    // The fixture's images are not in the cluster, so its rollouts never finish: the plan says so
    // (up would wait for them), and names no field that differs.
    const rolloutOnly = (c: (typeof plan.changes)[number]) => c.op === "update" && c.kind === "k8s.deployment" && c.fields.length === 1 && c.fields[0]!.startsWith("rollout not finished:");
    expect(plan.changes.filter((c) => c.op !== "noop" && !rolloutOnly(c)).map((c) => `${c.op} ${c.id} ${c.fields.join(", ")}`)).toEqual([]);
    expect(plan.changes.length).toBe(run.graph.nodes.length);
  });
});
