/**
 * Lowering a `KubernetesDeployment` (a target-level construct carrying an apps/v1 Deployment spec
 * and its pod template) into the same target nodes a portable Service lowers to, so the export,
 * Berth's engine and the Pulumi realizer carry it without a case of their own:
 *
 * - a `k8s.deployment` node (role `kubernetes-deployment`) whose object is the user's spec with
 *   Berth's metadata and ownership labels, its selector (`app.kubernetes.io/instance` and
 *   `name`, immutable like every Berth Deployment's), its pod labels (Berth's, the user's, and
 *   the NetworkPolicy membership of its networks) and each container's image from berth.lock;
 * - its own ServiceAccount with no API token, unless the template names an account;
 * - a ClusterIP Service when a container declares ports (so a portable workload's hostname
 *   reference resolves, as for a portable Service), one Service port per container port;
 * - a PodDisruptionBudget (at most one pod down) when it runs two or more replicas.
 *
 * Wherever the template names one of the construct's `secrets` or `configs` (secretKeyRef,
 * configMapKeyRef, envFrom, secret, configMap and projected volumes), the name becomes the
 * Secret or ConfigMap the graph's value lowers to and the key the key it lives under; a volume
 * without `items` gets the value as one file named like the template's name for it.
 */
import type { KubernetesDeploymentGraphNode } from "../../sdk/graph/schema.ts";
import { podSelector, podTemplateLabels, sorted, type StackLabels } from "./labels.ts";
import { membershipLabels, type PolicyNetwork } from "./network-policy.ts";
import type { ApiDeployment, ObjectMeta, Service, ServicePort } from "./objects.ts";
import type { KeyRef } from "./pod.ts";
import type { KubernetesNode } from "./target.ts";
import { disruptionBudget, serviceAccount } from "./workloads.ts";

type Unsealed = KubernetesNode extends infer N ? (N extends KubernetesNode ? Omit<N, "hash"> : never) : never;
type PodSpec = ApiDeployment["spec"]["template"]["spec"];
type Volume = NonNullable<PodSpec["volumes"]>[number];
type Container = PodSpec["containers"][number];

/** What lowering a KubernetesDeployment needs from the rest of the lowering. */
export interface KubernetesDeploymentContext {
  readonly s: StackLabels;
  readonly meta: (n: { id: string; name: string; sourceName: string; component: string; user?: Record<string, string> }) => ObjectMeta;
  readonly add: (node: Unsealed) => void;
  /** Image references by image node id. */
  readonly images: ReadonlyMap<string, string>;
  /** Where each graph secret's value lives, by secret node id. */
  readonly secrets: ReadonlyMap<string, KeyRef>;
  /** Where each graph config's content lives, by config node id. */
  readonly configs: ReadonlyMap<string, KeyRef>;
  /** The networks its pods join. */
  readonly networks: readonly PolicyNetwork[];
}

/** Lowers one KubernetesDeployment node to its Deployment, ServiceAccount, Service and disruption budget. */
export function lowerKubernetesDeployment(n: KubernetesDeploymentGraphNode, c: KubernetesDeploymentContext): void {
  const spec = n.spec;
  const base = { source: n.id, path: n.path };
  const own = (id: string) => c.meta({ id, name: n.name, sourceName: n.name, component: "kubernetes-deployment", user: spec.labels });
  const selector = podSelector(c.s, n.name);
  const m = own(n.id);
  // As for portable workloads, the version and ApplySet labels stay off pods.
  const podLabels = podTemplateLabels(m.labels);
  const refs = {
    secrets: new Map(spec.secrets.map((s) => [s.name, c.secrets.get(s.secret)!])),
    configs: new Map(spec.configs.map((s) => [s.name, c.configs.get(s.config)!])),
  };
  const imageOf = new Map(spec.images.map((i) => [i.container, c.images.get(i.image)!]));
  const template = structuredClone(spec.spec.template);
  const pod = template.spec;
  const withImage = (x: (typeof pod.containers)[number]): Container => ({ ...rewriteContainer(x, refs), image: imageOf.get(x.name)! });
  const { containers, initContainers, volumes, ...rest } = pod;
  const podSpec: PodSpec = {
    ...rest,
    ...(pod.serviceAccountName === undefined ? { serviceAccountName: n.name, automountServiceAccountToken: pod.automountServiceAccountToken ?? false } : {}),
    containers: containers.map(withImage),
    ...(initContainers ? { initContainers: initContainers.map(withImage) } : {}),
    ...(volumes ? { volumes: volumes.map((v) => rewriteVolume(v, refs)) } : {}),
  };
  const replicas = spec.spec.replicas ?? 1;
  const object: ApiDeployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: m,
    spec: {
      ...spec.spec,
      replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: sorted({ ...(template.metadata?.labels ?? {}), ...podLabels, ...membershipLabels(c.networks) }),
          ...(template.metadata?.annotations ? { annotations: sorted(template.metadata.annotations) } : {}),
        },
        spec: podSpec,
      },
    },
  };
  if (pod.serviceAccountName === undefined) {
    const id = `${n.id}#service-account`;
    c.add({ kind: "k8s.service-account", id, ...base, name: n.name, object: serviceAccount(own(id)) });
  }
  c.add({ kind: "k8s.deployment", id: n.id, ...base, name: n.name, role: "kubernetes-deployment", image: spec.images.find((i) => i.container === pod.containers[0]!.name)!.image, object });
  const ports = servicePorts(podSpec);
  if (ports.length > 0) {
    const id = `${n.id}#service`;
    const svc: Service = { apiVersion: "v1", kind: "Service", metadata: own(id), spec: { type: "ClusterIP", selector, ports } };
    c.add({ kind: "k8s.service", id, ...base, name: n.name, object: svc });
  }
  if (replicas >= 2) {
    const id = `${n.id}#disruption-budget`;
    c.add({ kind: "k8s.pod-disruption-budget", id, ...base, name: n.name, object: disruptionBudget(own(id), selector) });
  }
}

/** One Service port per container port of the app containers, named by the port's name or `<protocol>-<port>`. */
function servicePorts(pod: PodSpec): ServicePort[] {
  const out = new Map<string, ServicePort>();
  for (const ctr of pod.containers) {
    for (const p of ctr.ports ?? []) {
      const protocol = p.protocol === "UDP" ? ("UDP" as const) : ("TCP" as const);
      const key = `${p.containerPort}/${protocol}`;
      if (!out.has(key)) out.set(key, { name: p.name ?? `${protocol.toLowerCase()}-${p.containerPort}`, protocol, port: p.containerPort, targetPort: p.containerPort });
    }
  }
  return [...out.values()];
}

interface Refs {
  readonly secrets: ReadonlyMap<string, KeyRef>;
  readonly configs: ReadonlyMap<string, KeyRef>;
}

/** A container whose env and envFrom name the graph's Secrets and ConfigMaps. */
function rewriteContainer<C extends Omit<Container, "image">>(ctr: C, r: Refs): C {
  const env = ctr.env?.map((e) => {
    const sk = e.valueFrom?.secretKeyRef;
    const ck = e.valueFrom?.configMapKeyRef;
    const s = sk?.name !== undefined ? r.secrets.get(sk.name) : undefined;
    const k = ck?.name !== undefined ? r.configs.get(ck.name) : undefined;
    if (s) return { ...e, valueFrom: { ...e.valueFrom, secretKeyRef: { ...sk!, name: s.name, key: s.key } } };
    if (k) return { ...e, valueFrom: { ...e.valueFrom, configMapKeyRef: { ...ck!, name: k.name, key: k.key } } };
    return e;
  });
  const envFrom = ctr.envFrom?.map((e) => {
    const s = e.secretRef?.name !== undefined ? r.secrets.get(e.secretRef.name) : undefined;
    const k = e.configMapRef?.name !== undefined ? r.configs.get(e.configMapRef.name) : undefined;
    if (s) return { ...e, secretRef: { ...e.secretRef, name: s.name } };
    if (k) return { ...e, configMapRef: { ...e.configMapRef, name: k.name } };
    return e;
  });
  return { ...ctr, ...(env ? { env } : {}), ...(envFrom ? { envFrom } : {}) };
}

/** Items of a Secret or ConfigMap volume: the template's with the graph's key, or the value as a file named `name`. */
function items<I extends { key: string }>(given: I[] | undefined, name: string, key: string): (I | { key: string; path: string })[] {
  return given ? given.map((i) => ({ ...i, key })) : [{ key, path: name }];
}

/** A volume whose Secret, ConfigMap or projection names the graph's Secrets and ConfigMaps. */
function rewriteVolume(v: Volume, r: Refs): Volume {
  const s = v.secret?.secretName !== undefined ? r.secrets.get(v.secret.secretName) : undefined;
  if (s && v.secret) return { ...v, secret: { ...v.secret, secretName: s.name, items: items(v.secret.items, v.secret.secretName!, s.key) } };
  const k = v.configMap?.name !== undefined ? r.configs.get(v.configMap.name) : undefined;
  if (k && v.configMap) return { ...v, configMap: { ...v.configMap, name: k.name, items: items(v.configMap.items, v.configMap.name!, k.key) } };
  if (!v.projected?.sources) return v;
  const sources = v.projected.sources.map((src) => {
    const ps = src.secret?.name !== undefined ? r.secrets.get(src.secret.name) : undefined;
    if (ps && src.secret) return { ...src, secret: { ...src.secret, name: ps.name, items: items(src.secret.items, src.secret.name!, ps.key) } };
    const pc = src.configMap?.name !== undefined ? r.configs.get(src.configMap.name) : undefined;
    if (pc && src.configMap) return { ...src, configMap: { ...src.configMap, name: pc.name, items: items(src.configMap.items, src.configMap.name!, pc.key) } };
    return src;
  });
  return { ...v, projected: { ...v.projected, sources } };
}
