/**
 * Realizes the Kubernetes target graph as @pulumi/kubernetes resources: one resource per node,
 * named by the node id, whose arguments are the very object Berth's engine applies for that node
 * (`desiredObject`, engine/apply.ts), so `pulumi up` and `berth up` write the same manifests,
 * labels, annotations (the `berth.spec-hash` included) and namespace. The class comes from the
 * manifest's `apiVersion` and `kind` (pulumi-kinds.ts), so nothing here is per construct.
 *
 * What this file adds is what needs the Pulumi runtime:
 * - a Secret's `data` from Pulumi config secrets (`Secret.fromConfig`), or the environment or a
 *   file through the shared resolver, always as a Pulumi secret, encoded as the engine encodes it;
 * - `dependsOn` in the engine's apply order (engine/apply.ts `phaseEdges`: the namespace, then
 *   accounts, then data, routing and policy, then workloads after what they depend on), except
 *   that a workload does not wait for the Services and Ingresses Pulumi awaits through its pods;
 * - a provider for the target's kubeconfig `context` when it names one (else Pulumi's default
 *   provider: `KUBECONFIG` and its current context, as the engine).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BerthError } from "../../sdk/core/errors.ts";
import { resolveSecretValue } from "../shared/secret-values.ts";
import { desiredObject, phaseEdges } from "./engine/apply.ts";
import { pulumiKindOf, type Manifest } from "./pulumi-kinds.ts";
import type { KubernetesGraph, KubernetesNode, SecretObjectNode } from "./target.ts";

/** Options of {@link realizeKubernetesWithPulumi}. */
export interface RealizeKubernetesOptions {
  /** Directory relative `Secret.fromFile` paths are resolved against. @default process.cwd() */
  readonly stackDir?: string;
  /** Where `Secret.fromEnv` values come from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Pulumi config namespace for `Secret.fromConfig`. @default - the Pulumi project name */
  readonly configNamespace?: string;
  /** Parent of every resource. @default - the stack */
  readonly parent?: pulumi.Resource;
}

/** What {@link realizeKubernetesWithPulumi} created. */
export interface KubernetesPulumiResources {
  /** Every resource by target node id. */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;
  /** Fields @pulumi/kubernetes cannot express: none, every manifest passes through whole. */
  readonly gaps: readonly never[];
}

/**
 * A Secret's `data` as the engine writes it (base64 under the node's key), as a Pulumi secret:
 * from Pulumi config for `Secret.fromConfig` (a `secure:` value `pulumi config set --secret`
 * wrote), else from the environment or a file through the shared resolver. Throws a
 * {@link BerthError} naming the secret when there is no value.
 */
function secretData(n: SecretObjectNode, graph: KubernetesGraph, config: pulumi.Config, options: RealizeKubernetesOptions): pulumi.Output<unknown> {
  const data = (value: Buffer) => desiredObject(n, new Map([[n.id, value]])).data;
  const from = n.from;
  if (from.kind === "config") {
    const value = config.getSecret(from.key);
    if (value === undefined) {
      throw new BerthError({
        code: "secret.unresolved",
        path: n.path,
        field: `secrets.${n.source}`,
        found: `Pulumi config key '${config.name}:${from.key}' unset`,
        message: `Secret '${n.source}' for the Kubernetes Secret ${graph.namespace}/${n.name} has no value for Pulumi.`,
        fix: `pulumi config set --secret ${from.key} <value>`,
      });
    }
    return value.apply((v) => data(Buffer.from(v)));
  }
  const value = resolveSecretValue(
    { secret: n.source, path: n.path, field: `secrets.${n.source}`, usedAs: `the Kubernetes Secret ${graph.namespace}/${n.name}`, from },
    { config: () => undefined, ...(options.env ? { env: options.env } : {}), ...(options.stackDir ? { stackDir: options.stackDir } : {}) },
  );
  return pulumi.secret(data(value));
}

/** Each node's dependencies: the engine's apply order, less waits on what Pulumi awaits through the pods. */
function dependencies(graph: KubernetesGraph): Map<string, string[]> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const namespace = graph.nodes.find((n) => n.kind === "k8s.namespace");
  const deps = new Map<string, Set<string>>(graph.nodes.map((n) => [n.id, new Set(namespace && n !== namespace ? [namespace.id] : [])]));
  const waitsOnPods = (from: KubernetesNode, to: KubernetesNode) => (from.kind === "k8s.deployment" || from.kind === "k8s.job") && pulumiKindOf(to.object).awaitsPods === true;
  for (const e of phaseEdges(graph)) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    if (from && to && !waitsOnPods(from, to)) deps.get(e.from)!.add(e.to);
  }
  return new Map([...deps].map(([id, s]) => [id, [...s].sort()]));
}

/** Creates the graph's objects as Pulumi resources (inside a Pulumi program or under mocks). */
export function realizeKubernetesWithPulumi(graph: KubernetesGraph, options: RealizeKubernetesOptions = {}): KubernetesPulumiResources {
  const parent = options.parent ? { parent: options.parent } : {};
  const config = new pulumi.Config(options.configNamespace);
  // Every value first: a missing one fails before any resource is registered, so nothing is applied.
  const secrets = new Map(graph.nodes.flatMap((n) => (n.kind === "k8s.secret" ? [[n.id, secretData(n, graph, config, options)] as const] : [])));
  const provider = graph.context ? new k8s.Provider(`${graph.stack}-kubernetes`, { context: graph.context }, parent) : undefined;
  const deps = dependencies(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const resources = new Map<string, pulumi.CustomResource>();

  // Depth-first along the dependencies: every resource exists before the ones that depend on it.
  const visit = (id: string): pulumi.CustomResource => {
    const done = resources.get(id);
    if (done) return done;
    const n = byId.get(id)!;
    const dependsOn = (deps.get(id) ?? []).map(visit);
    const object = desiredObject(n, new Map()) as unknown as Manifest;
    const data = secrets.get(n.id);
    const args = data ? { ...object, data } : object;
    const kind = pulumiKindOf(object);
    // Names are fixed (metadata.name): a replacement must remove the old object first, as the engine does.
    const r = new kind.resource(n.id, args as never, { ...parent, ...(provider ? { provider } : {}), dependsOn, deleteBeforeReplace: true, ...(kind.retainOnDelete ? { retainOnDelete: true } : {}) });
    resources.set(id, r);
    return r;
  };
  for (const n of graph.nodes) visit(n.id);
  return { resources, gaps: [] };
}
