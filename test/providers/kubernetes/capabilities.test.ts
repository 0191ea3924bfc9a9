/**
 * Every claim of the Kubernetes column of the capability table (sdk/portability/capabilities.ts)
 * is what the lowering does: one check per feature, in a table typed by `Feature`, so a feature
 * added to the table without a check here does not compile. Unsupported and degraded rows are
 * checked too: what they say is dropped is absent from the manifests, what they say is refused
 * fails lowering.
 */
import { describe, expect, it } from "vitest";
import { FEATURES, type Feature } from "../../../sdk/core/features.ts";
import { canonicalJson } from "../../../sdk/graph/canonical.ts";
import { Config, Container, Duration, Image, Job, Kubernetes, Network, Secret, Service, Size, Stack, StackConfig, FargateService, KubernetesDeployment, SwarmService, Volume, synth, type ServiceProps } from "../../../sdk/index.ts";
import { kubernetesCapabilities } from "../../../providers/kubernetes/capabilities.ts";
import { lowerKubernetes } from "../../../providers/kubernetes/lower.ts";
import type { Container as KubeContainer, PodSpec } from "../../../providers/kubernetes/objects.ts";
import type { KubernetesGraph } from "../../../providers/kubernetes/target.ts";
import { catchBerthError } from "../../support/berth-error.ts";
import { DIGEST, nodeOf } from "./fixture-graph.ts";

const IMAGE = Image.fromRegistry(`busybox:1@${DIGEST}`);

/** A stack on Kubernetes with one Service `app` (more constructs through `more`). */
function lowered(props: Partial<ServiceProps> = {}, more?: (stack: Stack) => void, registry?: string): KubernetesGraph {
  const stack = new Stack("cap", { environment: "dev", target: new Kubernetes({ namespace: "cap", ...(registry ? { registry } : {}) }), config: StackConfig.from({ key: "v", motd: "hi" }) });
  new Service(stack, "app", { image: IMAGE, ...props });
  more?.(stack);
  return lowerKubernetes(synth(stack));
}

function pod(g: KubernetesGraph, id = "app"): PodSpec {
  const n = g.nodes.find((x) => x.id === id);
  // Portable workloads lower to Berth's own pod spec (a KubernetesDeployment's is the API's).
  if (n?.kind === "k8s.job" || (n?.kind === "k8s.deployment" && n.role !== "kubernetes-deployment")) return n.object.spec.template.spec as PodSpec;
  throw new Error(`no workload ${id}`);
}
const main = (g: KubernetesGraph, id = "app"): KubeContainer => pod(g, id).containers[0]!;

/** One check per feature: what the Kubernetes row says is what lowering does. */
const CLAIMS: Record<Feature, () => void> = {
  "image.registry": () => expect(main(lowered()).image).toBe(`docker.io/library/busybox@${DIGEST}`),
  "image.build": () => {
    // Built and pushed to the target's registry; the digest is only known once pushed (the engine's part).
    const g = lowered({ image: Image.fromBuild({ context: "." }) }, undefined, "registry.example.com");
    const img = g.images[0]!;
    expect([img.action.kind, img.action.kind === "build" && img.action.push, img.ref.startsWith("registry.example.com/cap/")]).toEqual(["build", true, true]);
    expect(main(g).image).toBe(img.ref);
  },
  service: () => {
    const g = lowered({ ports: [8080] });
    expect([nodeOf(g, "app", "k8s.deployment").object.kind, nodeOf(g, "app#service", "k8s.service").object.kind]).toEqual(["Deployment", "Service"]);
    expect(lowered().nodes.some((n) => n.kind === "k8s.service")).toBe(false);
  },
  container: () => {
    const g = lowered({}, (s) => new Container(s, "one", { image: IMAGE }));
    expect([nodeOf(g, "one", "k8s.deployment").role, nodeOf(g, "one", "k8s.deployment").object.spec.replicas]).toEqual(["container", 1]);
  },
  job: () => {
    const g = lowered({}, (s) => new Job(s, "once", { image: IMAGE, deadline: Duration.minutes(2), retries: 4 }));
    expect(nodeOf(g, "once", "k8s.job").object.spec).toMatchObject({ activeDeadlineSeconds: 120, backoffLimit: 4 });
  },
  network: () => {
    const g = lowered({}, (s) => new Service(s, "peer", { image: IMAGE, networks: [new Network(s, "net")] }));
    const members = { matchLabels: { "berth.net/net": "true" } };
    expect(nodeOf(g, "net", "k8s.network-policy").object.spec).toEqual({ podSelector: members, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: members }] }] });
    expect(pod(g, "peer").containers[0]!.name).toBe("peer");
  },
  "network.internal": () => {
    const g = lowered({}, (s) => new Service(s, "peer", { image: IMAGE, networks: [new Network(s, "net", { internal: true })] }));
    expect(nodeOf(g, "net#egress", "k8s.network-policy").object.spec.egress![0]).toEqual({ to: [{ podSelector: { matchLabels: { "berth.net/net": "true" } } }] });
  },
  volume: () => {
    const g = lowered({}, (s) => new Service(s, "db", { image: IMAGE, volumes: [{ volume: new Volume(s, "data"), path: "/data" }] }));
    expect(nodeOf(g, "data", "k8s.persistent-volume-claim").object.spec.accessModes).toEqual(["ReadWriteOnce"]);
  },
  "volume.shared": () => {
    const g = lowered({}, (s) => new Service(s, "db", { image: IMAGE, volumes: [{ volume: new Volume(s, "data", { shared: true }), path: "/data" }] }));
    expect(nodeOf(g, "data", "k8s.persistent-volume-claim").object.spec.accessModes).toEqual(["ReadWriteMany"]);
  },
  secret: () => {
    const g = lowered({ secrets: { key: Secret.fromConfig("key") } });
    expect(nodeOf(g, "secret/key", "k8s.secret").object.kind).toBe("Secret");
    expect(pod(g).volumes).toEqual([{ name: "secrets", projected: { sources: [{ secret: { name: "secret-key", items: [{ key: "value", path: "key", mode: 0o400 }] } }] } }]);
  },
  "secret.aws": () => {
    expect(catchBerthError(() => lowered({ secrets: { key: Secret.fromSsmParameter("arn:aws:ssm:eu-west-1:123456789012:parameter/k") } })).code).toBe("kubernetes.secret-source");
  },
  "secret.kubernetes": () => {
    const g = lowered({ secrets: { tls: Secret.fromKubernetesSecret("site-tls", "tls.key") } });
    expect(pod(g).volumes).toEqual([{ name: "secrets", projected: { sources: [{ secret: { name: "site-tls", items: [{ key: "tls.key", path: "tls", mode: 0o400 }] } }] } }]);
  },
  config: () => {
    const g = lowered({ configs: { "/etc/motd": Config.fromConfig("motd") } });
    expect(nodeOf(g, "config/motd", "k8s.config-map").object.data).toEqual({ content: "hi" });
    expect(main(g).volumeMounts).toEqual([{ name: "config-0", mountPath: "/etc/motd", readOnly: true, subPath: "motd" }]);
  },
  "ports.published": () => {
    expect(nodeOf(lowered({ ports: [{ container: 80, published: 8080 }] }), "app#service", "k8s.service").object.spec.ports.map((p) => p.port)).toEqual([80, 8080]);
    expect(nodeOf(lowered({ ports: [{ container: 80, published: 8080 }], kubernetes: { serviceType: "ClusterIP" } }), "app#service", "k8s.service").object.spec.type).toBe("ClusterIP");
    const ing = nodeOf(lowered({ ports: [{ container: 80, published: 8080 }], kubernetes: { ingressHost: "app.example.com" } }), "app#ingress", "k8s.ingress");
    expect(ing.object.spec.rules[0]!.host).toBe("app.example.com");
  },
  "ports.hostIp": () => expect(canonicalJson(lowered({ ports: [{ container: 80, published: 30080, hostIp: "10.1.2.3" }] }))).not.toContain("10.1.2.3"),
  healthcheck: () => {
    const c = main(lowered({ healthcheck: { command: ["check"] } }));
    expect([c.readinessProbe?.exec, c.livenessProbe?.exec]).toEqual([{ command: ["check"] }, { command: ["check"] }]);
  },
  "healthcheck.http": () => {
    expect(main(lowered({ healthcheck: { http: { port: 80, path: "/up" } } })).readinessProbe?.httpGet).toEqual({ path: "/up", port: 80 });
    expect(main(lowered({ healthcheck: { tcp: { port: 80 } } })).livenessProbe?.tcpSocket).toEqual({ port: 80 });
  },
  "dependsOn.started": () => expect(dependsOn("started")).toEqual([{ from: "app", to: "dep", condition: "started" }]),
  "dependsOn.healthy": () => expect(dependsOn("healthy")).toEqual([{ from: "app", to: "dep", condition: "healthy" }]),
  "dependsOn.completed": () => expect(dependsOn("completed")).toEqual([{ from: "app", to: "dep", condition: "completed" }]),
  "resources.limits": () => expect(main(lowered({ resources: { cpu: 1.5, memory: Size.mebibytes(300) } })).resources.limits).toEqual({ cpu: "1500m", memory: "300Mi" }),
  "resources.reservations": () => expect(main(lowered({ resources: { cpuReservation: 0.25, memoryReservation: Size.gibibytes(1) } })).resources.requests).toEqual({ cpu: "250m", memory: "1Gi" }),
  "resources.pids": () => expect(canonicalJson(pod(lowered({ resources: { pids: 777 } })))).not.toContain("777"),
  logging: () => expect(canonicalJson(lowered({ logging: { maxSize: Size.mebibytes(7), maxFiles: 9 } }))).not.toMatch(/7m|max-file/),
  "logging.driver": () => expect(canonicalJson(lowered({ logging: { driver: "syslog" } }))).not.toContain("syslog"),
  "hardening.user": () => expect(main(lowered({ user: "1234:5678" })).securityContext).toMatchObject({ runAsUser: 1234, runAsGroup: 5678, runAsNonRoot: true }),
  "hardening.userName": () => expect(main(lowered({ user: "postgres" })).securityContext.runAsUser).toBeUndefined(),
  "hardening.readOnlyRootFilesystem": () => expect(main(lowered({ readOnlyRootFilesystem: true })).securityContext.readOnlyRootFilesystem).toBe(true),
  "hardening.capabilities": () => expect(main(lowered({ capabilities: { drop: ["NET_RAW"] } })).securityContext.capabilities.drop).toEqual(["NET_RAW"]),
  "hardening.capabilities.add": () => expect(main(lowered({ capabilities: { add: ["NET_BIND_SERVICE"] } })).securityContext.capabilities.add).toEqual(["NET_BIND_SERVICE"]),
  "hardening.noNewPrivileges": () => expect(main(lowered({ noNewPrivileges: true })).securityContext.allowPrivilegeEscalation).toBe(false),
  "hardening.init": () => expect(pod(lowered({ init: true })).shareProcessNamespace).toBe(true),
  "hardening.seccomp": () => expect(pod(lowered({ seccompProfile: "profiles/app.json" })).securityContext.seccompProfile).toEqual({ type: "Localhost", localhostProfile: "profiles/app.json" }),
  privileged: () => expect(main(lowered({ privileged: true })).securityContext).toMatchObject({ privileged: true }),
  hostNetwork: () => expect(pod(lowered({ hostNetwork: true })).hostNetwork).toBe(true),
  hostPidIpc: () => expect(pod(lowered({ hostPid: true, hostIpc: true }))).toMatchObject({ hostPID: true, hostIPC: true }),
  devices: () => expect(canonicalJson(lowered({ devices: ["/dev/fuse"] }))).not.toContain("/dev/fuse"),
  binds: () => expect(pod(lowered({ volumes: [{ hostPath: "/srv/data", path: "/data" }] })).volumes).toEqual([{ name: "bind-0", hostPath: { path: "/srv/data" } }]),
  tmpfs: () => expect(pod(lowered({ tmpfs: [{ path: "/tmp", size: Size.mebibytes(4) }] })).volumes).toEqual([{ name: "tmpfs-0", emptyDir: { medium: "Memory", sizeLimit: "4Mi" } }]),
  update: () => {
    const spec = nodeOf(lowered({ replicas: 3, update: { parallelism: 2, order: "start-first", monitor: Duration.seconds(20) } }), "app", "k8s.deployment").object.spec;
    expect([spec.strategy, spec.minReadySeconds, spec.progressDeadlineSeconds]).toEqual([{ type: "RollingUpdate", rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } }, 20, 600]);
  },
  stopGracePeriod: () => expect(pod(lowered({ stopGracePeriod: Duration.seconds(42) })).terminationGracePeriodSeconds).toBe(42),
  "target.swarm-service": () => {
    const stack = new Stack("cap", { environment: "dev", target: new Kubernetes({ namespace: "cap" }) });
    new SwarmService(stack, "agent", { image: IMAGE, spec: { Mode: { Global: {} } } });
    expect(catchBerthError(() => lowerKubernetes(synth(stack))).code).toBe("kubernetes.swarm-service");
  },
  "target.kubernetes-deployment": () => {
    const stack = new Stack("cap", { environment: "dev", target: new Kubernetes({ namespace: "cap" }) });
    new KubernetesDeployment(stack, "api", { images: { api: IMAGE }, spec: { template: { spec: { containers: [{ name: "api" }] } } } });
    const d = nodeOf(lowerKubernetes(synth(stack)), "api", "k8s.deployment");
    expect([d.role, d.object.spec.template.spec.containers[0]!.image, d.object.spec.selector.matchLabels]).toEqual(["kubernetes-deployment", `docker.io/library/busybox@${DIGEST}`, { "app.kubernetes.io/instance": "cap", "app.kubernetes.io/name": "api" }]);
  },
  "target.fargate-service": () => {
    const stack = new Stack("cap", { environment: "dev", target: new Kubernetes({ namespace: "cap" }) });
    new FargateService(stack, "worker", { images: { worker: IMAGE }, task: { containerDefinitions: [{ name: "worker" }] } });
    expect(catchBerthError(() => lowerKubernetes(synth(stack))).code).toBe("portability.target.fargate-service");
  },
};

/** The ordering edges of `app` depending on `dep` with a condition. */
function dependsOn(condition: "started" | "healthy" | "completed") {
  const stack = new Stack("cap", { environment: "dev", target: new Kubernetes({ namespace: "cap" }) });
  const dep = condition === "completed" ? new Job(stack, "dep", { image: IMAGE }) : new Service(stack, "dep", { image: IMAGE, healthcheck: { command: ["true"] } });
  new Service(stack, "app", { image: IMAGE, dependsOn: [{ on: dep, condition }] });
  return lowerKubernetes(synth(stack)).edges;
}

describe("the Kubernetes column of the capability table", () => {
  it("has a check for every feature", () => {
    expect(Object.keys(CLAIMS).sort()).toEqual([...FEATURES].sort());
  });

  for (const feature of FEATURES) {
    const row = kubernetesCapabilities[feature];
    it(`${feature} is ${row.support} as the table says: ${row.note}`, () => CLAIMS[feature]());
  }

  it("resolves Berth's secure defaults of a plain program to their Kubernetes equivalents", () => {
    const g = lowered({ replicas: 2 });
    const c = main(g);
    expect(nodeOf(g, "app", "k8s.deployment").object.spec.strategy?.type).toBe("RollingUpdate");
    expect([c.securityContext, pod(g).shareProcessNamespace, pod(g).securityContext.seccompProfile]).toEqual([
      { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: [] } },
      true,
      { type: "RuntimeDefault" },
    ]);
  });
});
