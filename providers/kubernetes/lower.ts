/**
 * Lowering for Kubernetes: a pure, deterministic function from the portable graph to one target
 * node per Kubernetes object, each holding the exact manifest. Every semantic decision for this
 * target lives here and in the files it calls, one concept each: pod.ts (containers, probes,
 * securityContext, volumes), workloads.ts (Deployment, Job, ServiceAccount, disruption budget),
 * service.ts (Service, Ingress), network-policy.ts (networks), resources.ts (Namespace, claims,
 * Secrets, ConfigMaps), labels.ts (labels and annotations).
 *
 * Object names are the portable node names (`Shop/web` → `shop-web`) in the target's namespace:
 * the namespace is the stack's scope, and a hostname reference (`db.hostname`) is the
 * Service's name, so it resolves in the pods as it does on Docker. `dependsOn` becomes ordering
 * edges for an engine to wait on; plain `kubectl apply` cannot (the export says so).
 */
import { refuseForeignConstructs } from "../shared/target-only.ts";
import { BerthError } from "../../sdk/core/errors.ts";
import { contentHash } from "../../sdk/graph/canonical.ts";
import { parseOptionsFor } from "../../sdk/graph/parse-options.ts";
import type { Graph, GraphNode, WorkloadGraphNode } from "../../sdk/graph/schema.ts";
import { isKubernetesDeployment, isWorkload } from "../../sdk/graph/schema.ts";
import { lowerKubernetesDeployment } from "./kubernetes-deployment.ts";
import type { DockerImageNode } from "../shared/docker-api/image-node.ts";
import { lowerImageFields } from "../shared/docker-api/lower.ts";
import { LABELS } from "../shared/labels.ts";
import { APPLYSET, APPLYSET_NODE_ID, APPLYSET_TOOLING, applysetParentName, containsGroupKinds, stackApplysetId } from "./applyset.ts";
import { objectMeta, podSelector, podTemplateLabels, sorted, type StackLabels } from "./labels.ts";
import { defaultDeny, internalEgress, membershipLabels, networkIngress, publishedIngress, type PolicyNetwork } from "./network-policy.ts";
import type { ObjectMeta } from "./objects.ts";
import { podTemplate, type KeyRef, type PodContext } from "./pod.ts";
import { claim, configMap, namespace, secretObject, secretRef, CONFIG_KEY } from "./resources.ts";
import { ingress, service } from "./service.ts";
import { KUBERNETES_SCHEMA_VERSION, KubernetesGraph, type KubernetesEdge, type KubernetesNode } from "./target.ts";
import { deployment, disruptionBudget, job, serviceAccount } from "./workloads.ts";

/** Options of {@link lowerKubernetes}. */
export interface LowerKubernetesOptions {
  /** Directory build contexts are relative to. @default "." */
  readonly stackDir?: string;
  /** Content hash of each build context by image node id. @default - the image node's spec hash */
  readonly contextHashes?: Readonly<Record<string, string>>;
  /** Value of the `berth.version` label. @default BERTH_VERSION */
  readonly version?: string;
}

/** Annotation holding the sha256 of a node's canonical JSON (64 hex characters: too long for a label value). */
export const SPEC_HASH_ANNOTATION = LABELS.specHash;

/** Longest suffix Berth adds to a node name (`-published`), so names stay DNS labels. */
const LONGEST_SUFFIX = "-published".length;

/** A target node before it is sealed with its hash (distributed over the node kinds). */
type Unsealed = KubernetesNode extends infer N ? (N extends KubernetesNode ? Omit<N, "hash"> : never) : never;

/** Namespaces Berth does not create or own. */
function ownsNamespace(ns: string): boolean {
  return ns !== "default" && !ns.startsWith("kube-");
}

/** Fails clearly when a node's name cannot name its Kubernetes objects (DNS labels: 63 characters; Services start with a letter). */
export function checkName(n: GraphNode, service: boolean): void {
  const max = 63 - LONGEST_SUFFIX;
  if (n.name.length > max || (service && !/^[a-z]/.test(n.name))) {
    throw new BerthError({
      code: "kubernetes.name",
      path: n.path,
      field: "id",
      found: n.name,
      message:
        n.name.length > max
          ? `${n.id} is named '${n.name}' (${n.name.length} characters) on Kubernetes; object names derived from it must be DNS labels of at most 63 characters.`
          : `${n.id} is named '${n.name}'; a Kubernetes Service name must start with a letter.`,
      fix: `give the construct (or its component) a shorter id${service ? " starting with a letter" : ""}, so its kebab-case path is at most ${max} characters`,
    });
  }
}

/** Lowers a portable graph whose target is `kubernetes` into the Kubernetes target graph. */
export function lowerKubernetes(graph: Graph, options: LowerKubernetesOptions = {}): KubernetesGraph {
  const target = graph.stack.target;
  if (target.kind !== "kubernetes") throw new Error(`lowerKubernetes: the stack's target is ${target.kind}, not kubernetes`);
  refuseForeignConstructs(graph, "kubernetes");
  const stack = graph.stack.name;
  const applyset = stackApplysetId(stack, target.namespace);
  const s: StackLabels = { stack, app: graph.stack.labels.app ?? stack, namespace: target.namespace, user: graph.stack.labels, applyset, ...(options.version ? { version: options.version } : {}) };
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: KubernetesNode[] = [];
  const add = (node: Unsealed): void => {
    const hash = contentHash(node);
    const o = node.object as unknown as { metadata: ObjectMeta };
    nodes.push({ ...node, hash, object: { ...o, metadata: { ...o.metadata, annotations: sorted({ ...o.metadata.annotations, [SPEC_HASH_ANNOTATION]: hash }) } } } as unknown as KubernetesNode);
  };
  const meta = (n: { id: string; name: string; sourceName: string; component: string; user?: Record<string, string>; annotations?: Record<string, string>; clusterScoped?: boolean }) => objectMeta(s, n);

  if (ownsNamespace(target.namespace)) {
    const m = meta({ id: "#namespace", name: target.namespace, sourceName: stack, component: "namespace", clusterScoped: true });
    add({ kind: "k8s.namespace", id: "#namespace", source: "#namespace", path: `${stack}/namespace`, name: target.namespace, object: namespace(m) });
  }

  const images: DockerImageNode[] = [];
  const imageRefs = new Map<string, string>();
  const secrets = new Map<string, KeyRef>();
  const configs = new Map<string, KeyRef>();
  const claims = new Map<string, string>();
  const shared = new Set<string>();
  const networks = new Map<string, PolicyNetwork>();
  const workloads = graph.nodes.filter(isWorkload);
  const deployments = graph.nodes.filter(isKubernetesDeployment);
  for (const n of graph.nodes) {
    const spec = n.spec;
    const base = { source: n.id, path: n.path, name: n.name };
    if (spec.kind === "image") {
      const fields = lowerImageFields(n, graph, options);
      images.push({ ...fields, hash: contentHash(fields) });
      imageRefs.set(n.id, fields.ref);
    } else if (spec.kind === "network") {
      checkName(n, false);
      const net = { name: n.name, internal: spec.internal };
      networks.set(n.id, net);
      add({ kind: "k8s.network-policy", id: n.id, ...base, object: networkIngress(meta({ id: n.id, name: n.name, sourceName: n.name, component: "network", user: spec.labels }), net) });
      if (spec.internal) {
        const id = `${n.id}#egress`;
        add({ kind: "k8s.network-policy", id, ...base, name: `${n.name}-egress`, object: internalEgress(meta({ id, name: `${n.name}-egress`, sourceName: n.name, component: "network", user: spec.labels }), net) });
      }
    } else if (spec.kind === "volume") {
      checkName(n, false);
      claims.set(n.id, n.name);
      if (spec.shared) shared.add(n.id);
      add({ kind: "k8s.persistent-volume-claim", id: n.id, ...base, object: claim(spec, meta({ id: n.id, name: n.name, sourceName: n.name, component: "volume", user: spec.labels })) });
    } else if (spec.kind === "secret") {
      checkName(n, false);
      const sn = n as GraphNode & { spec: typeof spec };
      secrets.set(n.id, secretRef(sn));
      const object = secretObject(sn, meta({ id: n.id, name: n.name, sourceName: n.name, component: "secret" }));
      if (object) add({ kind: "k8s.secret", id: n.id, ...base, from: spec.source, key: secretRef(sn).key, object });
    } else if (spec.kind === "config") {
      checkName(n, false);
      configs.set(n.id, { name: n.name, key: CONFIG_KEY });
      add({ kind: "k8s.config-map", id: n.id, ...base, object: configMap(spec.content, meta({ id: n.id, name: n.name, sourceName: n.name, component: "config" })) });
    } else if (spec.kind === "swarm-service") {
      throw new BerthError({
        code: "kubernetes.swarm-service",
        path: n.path,
        field: "construct",
        found: n.construct,
        message: `${n.id} is a SwarmService, a swarm-only construct; Kubernetes cannot run a Docker Engine ServiceSpec.`,
        fix: "use a portable Service, or deploy this stack to Swarm",
      });
    }
  }

  const defaultNetwork: PolicyNetwork = { name: `${stack}-default`, internal: false };
  if (workloads.some((w) => w.spec.networks.length === 0 && !w.spec.hostNetwork) || deployments.some((d) => d.spec.networks.length === 0)) {
    const id = "#default-network";
    add({ kind: "k8s.network-policy", id, source: id, path: `${stack}/default`, name: defaultNetwork.name, object: networkIngress(meta({ id, name: defaultNetwork.name, sourceName: stack, component: "network" }), defaultNetwork) });
  }
  if (workloads.length + deployments.length > 0) {
    const id = "#default-deny";
    const name = `${stack}-default-deny`;
    add({ kind: "k8s.network-policy", id, source: id, path: `${stack}/default-deny`, name, object: defaultDeny(meta({ id, name, sourceName: stack, component: "network" }), stack) });
  }

  const pods: PodContext = { byId, images: imageRefs, secrets, configs, claims };
  for (const d of deployments) {
    checkName(d, true);
    lowerKubernetesDeployment(d, { s, meta, add, images: imageRefs, secrets, configs, networks: d.spec.networks.length === 0 ? [defaultNetwork] : d.spec.networks.map((id) => networks.get(id)!) });
  }
  for (const w of workloads) lowerWorkload(w, { s, pods, meta, add, shared, networks: w.spec.hostNetwork ? [] : w.spec.networks.length === 0 ? [defaultNetwork] : w.spec.networks.map((id) => networks.get(id)!) });

  // The ApplySet's parent: its id label in place of the members' part-of label, and the group-kinds it contains.
  const parentName = applysetParentName(stack);
  const pm = meta({ id: APPLYSET_NODE_ID, name: parentName, sourceName: stack, component: "applyset" });
  const { [APPLYSET.partOf]: _p, ...parentLabels } = pm.labels;
  void _p;
  const members = containsGroupKinds(nodes.map((n) => n.object));
  const parentMeta = { ...pm, labels: sorted({ ...parentLabels, [APPLYSET.id]: applyset }), annotations: sorted({ ...pm.annotations, [APPLYSET.tooling]: APPLYSET_TOOLING, [APPLYSET.containsGroupKinds]: members }) };
  add({ kind: "k8s.config-map", id: APPLYSET_NODE_ID, source: APPLYSET_NODE_ID, path: `${stack}/applyset`, name: parentName, object: { apiVersion: "v1", kind: "ConfigMap", metadata: parentMeta, data: {} } });

  const key = (e: KubernetesEdge) => `${e.from}\u0000${e.to}\u0000${e.condition}`;
  const edges = [
    ...new Map(
      graph.edges
        .filter((e) => e.kind === "depends" && byId.has(e.from) && byId.has(e.to))
        .map((e): KubernetesEdge => ({ from: e.from, to: e.to, condition: e.condition ?? "started" }))
        .map((e) => [key(e), e]),
    ).values(),
  ].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  images.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return KubernetesGraph.parse(
    {
      schemaVersion: KUBERNETES_SCHEMA_VERSION,
      stack,
      app: s.app,
      environment: graph.stack.environment,
      ...(target.context ? { context: target.context } : {}),
      namespace: target.namespace,
      images,
      nodes,
      edges,
    },
    parseOptionsFor(nodes.length),
  );
}

/** What lowering one workload needs. */
interface WorkloadContext {
  readonly s: StackLabels;
  readonly pods: PodContext;
  readonly meta: (n: { id: string; name: string; sourceName: string; component: string; user?: Record<string, string>; annotations?: Record<string, string> }) => ObjectMeta;
  readonly add: (node: Unsealed) => void;
  readonly shared: ReadonlySet<string>;
  /** The networks its pods join. */
  readonly networks: readonly PolicyNetwork[];
}

/** A workload's controller, ServiceAccount, Service, Ingress, disruption budget and published-port policy. */
function lowerWorkload(w: WorkloadGraphNode, c: WorkloadContext): void {
  const spec = w.spec;
  const k8s = spec.targetOptions.kubernetes ?? {};
  checkName(w, spec.ports.length > 0);
  const base = { source: w.id, path: w.path };
  const own = (id: string, name: string, annotations?: Record<string, string>) =>
    c.meta({ id, name, sourceName: w.name, component: spec.kind, user: spec.labels, ...(annotations ? { annotations } : {}) });
  const selector = podSelector(c.s, w.name);
  const m = own(w.id, w.name);
  // The version label stays off pods (a Berth upgrade alone must not roll every Deployment), and so does the ApplySet's.
  const podLabels = podTemplateLabels(m.labels);
  const replicated = spec.kind === "service" && spec.replicas >= 2;
  const template = podTemplate(w, c.pods, {
    labels: { ...podLabels, ...membershipLabels(c.networks) },
    restartPolicy: spec.kind === "job" ? "Never" : "Always",
    ...(replicated ? { spread: selector } : {}),
  });

  const saId = `${w.id}#service-account`;
  c.add({ kind: "k8s.service-account", id: saId, ...base, name: w.name, object: serviceAccount(own(saId, w.name)) });
  if (spec.kind === "job") c.add({ kind: "k8s.job", id: w.id, ...base, name: w.name, image: spec.image, object: job(w, m, template) });
  else c.add({ kind: "k8s.deployment", id: w.id, ...base, name: w.name, role: spec.kind, image: spec.image, object: deployment(w, m, selector, template, (id) => c.shared.has(id)) });

  if (spec.ports.length > 0) {
    const svcId = `${w.id}#service`;
    const svc = service(w, own(svcId, w.name, k8s.annotations), selector);
    c.add({ kind: "k8s.service", id: svcId, ...base, name: w.name, object: svc });
    if (k8s.ingressHost) {
      const ingId = `${w.id}#ingress`;
      c.add({ kind: "k8s.ingress", id: ingId, ...base, name: w.name, object: ingress(w, own(ingId, w.name, k8s.annotations), svc, k8s.ingressHost) });
    }
  }
  const published = spec.ports.filter((p) => p.published !== undefined);
  if (published.length > 0 && !spec.hostNetwork) {
    const id = `${w.id}#published`;
    c.add({ kind: "k8s.network-policy", id, ...base, name: `${w.name}-published`, object: publishedIngress(own(id, `${w.name}-published`), selector, published) });
  }
  if (replicated) {
    const id = `${w.id}#disruption-budget`;
    c.add({ kind: "k8s.pod-disruption-budget", id, ...base, name: w.name, object: disruptionBudget(own(id, w.name), selector) });
  }
}
