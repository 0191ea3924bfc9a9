/**
 * The small Kubernetes stack the lowering, export, rule and dry-run tests share, covering each
 * kind of object the lowering writes: a network and an internal one, a volume and a shared one,
 * a secret from config and one from an existing Kubernetes Secret, a config, a 2-replica HTTP
 * service published on a node port, a one-off container, a migration job, and a worker behind
 * a load balancer with an Ingress.
 */
import { Config, Container, Duration, Image, Job, Kubernetes, Network, Secret, Service, Size, Stack, StackConfig, Volume, synth } from "../../../sdk/index.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { lowerKubernetes } from "../../../providers/kubernetes/lower.ts";
import type { KubernetesGraph, KubernetesNode } from "../../../providers/kubernetes/target.ts";

/** A secret value that must never appear in a target graph or an export. */
export const CANARY = "canary-8c1f-never-in-kubernetes-graphs";
export const DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
/** The namespace of the fixture (the dry-run test creates it). */
export const FIXTURE_NAMESPACE = "berth-k8s-fixture";

/** Options of {@link smallKubernetesPortable}. */
export interface SmallOptions {
  readonly namespace?: string;
  readonly replicas?: number;
  readonly published?: number;
  readonly serviceType?: "ClusterIP" | "NodePort" | "LoadBalancer";
  readonly profile?: "dev" | "prod";
}

/** Synthesizes the small Kubernetes stack. */
export function smallKubernetesPortable(o: SmallOptions = {}): Graph {
  const stack = new Stack("tiny", {
    environment: "dev",
    ...(o.profile ? { profile: o.profile } : {}),
    target: new Kubernetes({ namespace: o.namespace ?? FIXTURE_NAMESPACE }),
    config: StackConfig.from({ apiKey: CANARY, motd: "hello" }),
  });
  const net = new Network(stack, "backend");
  const quiet = new Network(stack, "quiet", { internal: true });
  const data = new Volume(stack, "data", { size: Size.mebibytes(64) });
  const media = new Volume(stack, "media", { shared: true });
  const base = Image.fromRegistry(`berth-local/busybox:1@${DIGEST}`);
  const migrate = new Job(stack, "migrate", {
    image: base,
    command: ["true"],
    networks: [net],
    user: "1000:1000",
    retries: 2,
    deadline: Duration.seconds(60),
    resources: { cpu: 0.1, memory: Size.mebibytes(16) },
  });
  const db = new Service(stack, "db", {
    image: base,
    command: ["sleep", "3600"],
    ports: [5432],
    volumes: [{ volume: data, path: "/data" }],
    networks: [net],
    user: "1000:1000",
    resources: { cpu: 0.25, memory: Size.mebibytes(32) },
  });
  new Service(stack, "api", {
    image: base,
    command: ["httpd", "-f", "-p", "8080"],
    replicas: o.replicas ?? 2,
    ports: [{ container: 8080, published: o.published ?? 30080 }],
    env: { DB: db.hostname, LEVEL: "debug" },
    secrets: { api_key: Secret.fromConfig("apiKey"), tls_cert: Secret.fromKubernetesSecret("tiny-tls", "tls.crt") },
    configs: { "/etc/motd": Config.fromConfig("motd") },
    tmpfs: ["/tmp", { path: "/cache", size: Size.mebibytes(8) }],
    volumes: [{ volume: media, path: "/media" }],
    networks: [net],
    healthcheck: { http: { port: 8080, path: "/" }, interval: Duration.seconds(2), startPeriod: Duration.seconds(10) },
    dependsOn: [{ on: migrate, condition: "completed" }],
    resources: { cpu: 0.5, memory: Size.mebibytes(32), cpuReservation: 0.1, memoryReservation: Size.mebibytes(16) },
    user: "1000:1000",
    stopGracePeriod: Duration.seconds(5),
    update: { parallelism: 1, delay: Duration.seconds(1), monitor: Duration.seconds(5) },
    ...(o.serviceType ? { kubernetes: { serviceType: o.serviceType } } : {}),
  });
  new Service(stack, "worker", {
    image: base,
    command: ["nc", "-lk", "-p", "9000"],
    ports: [{ container: 9000, published: 9000 }],
    networks: [quiet],
    healthcheck: { tcp: { port: 9000 } },
    resources: { cpu: 1, memory: Size.gibibytes(1) },
    user: "2000",
    capabilities: { add: ["NET_BIND_SERVICE"] },
    kubernetes: { serviceType: "LoadBalancer", ingressHost: "worker.example.com", annotations: { "example.com/lb": "internal" } },
  });
  new Container(stack, "tool", { image: base, command: ["sleep", "3600"], healthcheck: { command: ["true"] } });
  return synth(stack);
}

/** Lowers the small Kubernetes stack. */
export function smallKubernetesGraph(o: SmallOptions = {}): KubernetesGraph {
  return lowerKubernetes(smallKubernetesPortable(o));
}

/** A node by id, narrowed to its kind. */
export function nodeOf<K extends KubernetesNode["kind"]>(g: KubernetesGraph, id: string, kind: K): Extract<KubernetesNode, { kind: K }> {
  const n = g.nodes.find((x) => x.id === id);
  if (!n || n.kind !== kind) throw new Error(`no ${kind} ${id} (ids: ${g.nodes.map((x) => x.id).join(", ")})`);
  return n as Extract<KubernetesNode, { kind: K }>;
}
