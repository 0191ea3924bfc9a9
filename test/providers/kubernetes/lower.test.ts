import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../sdk/graph/canonical.ts";
import { Image, Kubernetes, Secret, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { lowerKubernetes } from "../../../providers/kubernetes/lower.ts";
import { LabelKey, LabelValue } from "../../../providers/kubernetes/objects.ts";
import { catchBerthError } from "../../support/berth-error.ts";
import { CANARY, DIGEST, FIXTURE_NAMESPACE, nodeOf, smallKubernetesGraph, smallKubernetesPortable } from "./fixture-graph.ts";

const IMAGE = `docker.io/berth-local/busybox@${DIGEST}`;
const NS = FIXTURE_NAMESPACE;
/** KEP-3659's id of the ApplySet whose parent is the ConfigMap `tiny-applyset` in the namespace, computed here from the KEP's formula. */
const APPLYSET_ID = `applyset-${createHash("sha256").update(`tiny-applyset.${NS}.ConfigMap.`).digest("base64url")}-v1`;

/** The labels every object of the fixture carries, for the portable node named `name`. */
function own(name: string, component: string): Record<string, string> {
  return {
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/instance": "tiny",
    "app.kubernetes.io/managed-by": "berth",
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/part-of": "tiny",
    "applyset.kubernetes.io/part-of": APPLYSET_ID,
    "berth.app": "tiny",
    "berth.node": name,
    "berth.stack": "tiny",
    "berth.version": "0.1.0",
  };
}

/** Pod labels: the object's labels without the version or the ApplySet's (pods are not members), plus network membership. */
function podLabels(name: string, component: string, extra: Record<string, string>): Record<string, string> {
  const { "berth.version": _v, "applyset.kubernetes.io/part-of": _a, ...rest } = own(name, component);
  void _v;
  void _a;
  return { ...rest, ...extra };
}

const selector = (name: string) => ({ "app.kubernetes.io/instance": "tiny", "app.kubernetes.io/name": name });
const meta = (name: string, component: string, id: string, hash: string, annotations: Record<string, string> = {}) => ({
  name,
  namespace: NS,
  labels: own(name, component),
  annotations: { "berth.node": id, "berth.spec-hash": hash, ...annotations },
});

describe("lowerKubernetes", () => {
  const g = smallKubernetesGraph();

  it("lowers the fixture to one node per Kubernetes object, sorted by id, and the dependsOn edge", () => {
    expect(g.nodes.map((n) => `${n.kind} ${n.id} ${n.name}`)).toEqual([
      "k8s.config-map #applyset tiny-applyset",
      "k8s.network-policy #default-deny tiny-default-deny",
      "k8s.network-policy #default-network tiny-default",
      "k8s.namespace #namespace berth-k8s-fixture",
      "k8s.deployment api api",
      "k8s.pod-disruption-budget api#disruption-budget api",
      "k8s.network-policy api#published api-published",
      "k8s.service api#service api",
      "k8s.service-account api#service-account api",
      "k8s.network-policy backend backend",
      "k8s.config-map config/motd config-motd",
      "k8s.persistent-volume-claim data data",
      "k8s.deployment db db",
      "k8s.service db#service db",
      "k8s.service-account db#service-account db",
      "k8s.persistent-volume-claim media media",
      "k8s.job migrate migrate",
      "k8s.service-account migrate#service-account migrate",
      "k8s.network-policy quiet quiet",
      "k8s.network-policy quiet#egress quiet-egress",
      "k8s.secret secret/apiKey secret-apikey",
      "k8s.deployment tool tool",
      "k8s.service-account tool#service-account tool",
      "k8s.deployment worker worker",
      "k8s.ingress worker#ingress worker",
      "k8s.network-policy worker#published worker-published",
      "k8s.service worker#service worker",
      "k8s.service-account worker#service-account worker",
    ]);
    expect(g.edges).toEqual([{ from: "api", to: "migrate", condition: "completed" }]);
    expect(g.images.map((i) => [i.id, i.ref])).toEqual([["image/busybox-1", IMAGE]]);
  });

  it("lowers a replicated HTTP service to the exact Deployment", () => {
    const api = nodeOf(g, "api", "k8s.deployment");
    expect(api.object).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta("api", "service", "api", api.hash),
      spec: {
        replicas: 2,
        selector: { matchLabels: selector("api") },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        minReadySeconds: 5,
        progressDeadlineSeconds: 600,
        template: {
          metadata: { labels: podLabels("api", "service", { "berth.net/backend": "true" }) },
          spec: {
            serviceAccountName: "api",
            automountServiceAccountToken: false,
            restartPolicy: "Always",
            terminationGracePeriodSeconds: 5,
            shareProcessNamespace: true,
            securityContext: { fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
            topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector("api") } }],
            containers: [
              {
                name: "api",
                image: IMAGE,
                imagePullPolicy: "IfNotPresent",
                args: ["httpd", "-f", "-p", "8080"],
                env: [{ name: "DB", value: "db" }, { name: "LEVEL", value: "debug" }],
                ports: [{ containerPort: 8080, protocol: "TCP" }],
                resources: { limits: { cpu: "500m", memory: "32Mi" }, requests: { cpu: "100m", memory: "16Mi" } },
                securityContext: { runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: [] } },
                readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 2, timeoutSeconds: 5, failureThreshold: 3 },
                livenessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 2, timeoutSeconds: 5, failureThreshold: 3 },
                startupProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 2, timeoutSeconds: 5, failureThreshold: 8 },
                volumeMounts: [
                  { name: "data-0", mountPath: "/media", readOnly: false },
                  { name: "tmpfs-0", mountPath: "/tmp", readOnly: false },
                  { name: "tmpfs-1", mountPath: "/cache", readOnly: false },
                  { name: "secrets", mountPath: "/run/secrets", readOnly: true },
                  { name: "config-0", mountPath: "/etc/motd", readOnly: true, subPath: "motd" },
                ],
              },
            ],
            volumes: [
              { name: "data-0", persistentVolumeClaim: { claimName: "media", readOnly: false } },
              { name: "tmpfs-0", emptyDir: { medium: "Memory" } },
              { name: "tmpfs-1", emptyDir: { medium: "Memory", sizeLimit: "8Mi" } },
              {
                name: "secrets",
                projected: {
                  sources: [
                    { secret: { name: "secret-apikey", items: [{ key: "value", path: "api_key", mode: 0o400 }] } },
                    { secret: { name: "tiny-tls", items: [{ key: "tls.crt", path: "tls_cert", mode: 0o400 }] } },
                  ],
                },
              },
              { name: "config-0", configMap: { name: "config-motd", items: [{ key: "content", path: "motd", mode: 0o444 }] } },
            ],
          },
        },
      },
    });
  });

  it("updates a Deployment with Recreate when it mounts a volume that is not shared (one writer)", () => {
    expect(nodeOf(g, "db", "k8s.deployment").object.spec).toMatchObject({ replicas: 1, strategy: { type: "Recreate" }, minReadySeconds: 0 });
  });

  it("rolls start-first updates by surging and runs a Container as a 1-replica Deployment", () => {
    const tool = nodeOf(g, "tool", "k8s.deployment");
    expect([tool.role, tool.object.spec.replicas, tool.object.spec.strategy]).toEqual(["container", 1, { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }]);
  });

  it("lowers a Job with its retries, deadline, time to live and never-restarted pods", () => {
    const migrate = nodeOf(g, "migrate", "k8s.job");
    const { template, ...spec } = migrate.object.spec;
    expect(spec).toEqual({ backoffLimit: 2, activeDeadlineSeconds: 60, ttlSecondsAfterFinished: 86400 });
    expect(template.spec.restartPolicy).toBe("Never");
    expect(template.metadata.labels).toEqual(podLabels("migrate", "job", { "berth.net/backend": "true" }));
  });

  it("publishes a port in the NodePort range as that node port, and one outside it through the load balancer asked for", () => {
    const api = nodeOf(g, "api#service", "k8s.service");
    expect(api.object).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: meta("api", "service", "api#service", api.hash),
      spec: { type: "NodePort", selector: selector("api"), ports: [{ name: "tcp-8080", protocol: "TCP", port: 8080, targetPort: 8080, nodePort: 30080 }] },
    });
    const worker = nodeOf(g, "worker#service", "k8s.service");
    expect(worker.object.metadata.annotations).toEqual({ "berth.node": "worker#service", "berth.spec-hash": worker.hash, "example.com/lb": "internal" });
    expect(worker.object.spec).toEqual({ type: "LoadBalancer", selector: selector("worker"), ports: [{ name: "tcp-9000", protocol: "TCP", port: 9000, targetPort: 9000 }] });
    expect(nodeOf(g, "db#service", "k8s.service").object.spec).toEqual({ type: "ClusterIP", selector: selector("db"), ports: [{ name: "tcp-5432", protocol: "TCP", port: 5432, targetPort: 5432 }] });
  });

  it("routes an ingressHost to the Service's published port", () => {
    const ing = nodeOf(g, "worker#ingress", "k8s.ingress");
    expect(ing.object.spec).toEqual({ rules: [{ host: "worker.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "worker", port: { number: 9000 } } } }] } }] });
  });

  it("listens on a published port outside the NodePort range through a LoadBalancer when no service type is set", () => {
    const svc = nodeOf(smallKubernetesGraph({ published: 8443 }), "api#service", "k8s.service");
    expect(svc.object.spec).toEqual({
      type: "LoadBalancer",
      selector: selector("api"),
      ports: [
        { name: "tcp-8080", protocol: "TCP", port: 8080, targetPort: 8080 },
        { name: "pub-tcp-8443", protocol: "TCP", port: 8443, targetPort: 8080 },
      ],
    });
  });

  it("refuses a NodePort service publishing outside 30000-32767, naming the construct, field, value and fix", () => {
    const e = catchBerthError(() => smallKubernetesGraph({ published: 8080, serviceType: "NodePort" }));
    expect(e.issues).toEqual([
      {
        code: "kubernetes.node-port-range",
        path: "tiny/api",
        field: "ports[0].published",
        found: "8080",
        message: "api publishes port 8080 as a NodePort, but node ports must be in 30000-32767.",
        fix: 'publish on a port in 30000-32767 (e.g. { container: 8080, published: 30080 }), or set kubernetes: { serviceType: "LoadBalancer" }',
      },
    ]);
  });

  it("gives Docker's network semantics with NetworkPolicies: default deny, members admit members, internal networks keep egress to members and DNS", () => {
    expect(nodeOf(g, "#default-deny", "k8s.network-policy").object.spec).toEqual({ podSelector: { matchLabels: { "berth.stack": "tiny" } }, policyTypes: ["Ingress"] });
    const members = (n: string) => ({ matchLabels: { [`berth.net/${n}`]: "true" } });
    expect(nodeOf(g, "backend", "k8s.network-policy").object.spec).toEqual({ podSelector: members("backend"), policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: members("backend") }] }] });
    expect(nodeOf(g, "#default-network", "k8s.network-policy").object.spec).toEqual({ podSelector: members("tiny-default"), policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: members("tiny-default") }] }] });
    expect(nodeOf(g, "quiet#egress", "k8s.network-policy").object.spec).toEqual({
      podSelector: { matchLabels: { "berth.net/quiet": "true", "berth.egress": "internal" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ podSelector: members("quiet") }] }, { ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }],
    });
    expect(nodeOf(g, "api#published", "k8s.network-policy").object.spec).toEqual({ podSelector: { matchLabels: selector("api") }, policyTypes: ["Ingress"], ingress: [{ ports: [{ protocol: "TCP", port: 8080 }] }] });
    expect(nodeOf(g, "worker", "k8s.deployment").object.spec.template.metadata.labels).toEqual(podLabels("worker", "service", { "berth.egress": "internal", "berth.net/quiet": "true" }));
    expect(nodeOf(g, "tool", "k8s.deployment").object.spec.template.metadata.labels).toEqual(podLabels("tool", "container", { "berth.net/tiny-default": "true" }));
  });

  it("claims ReadWriteOnce for a volume and ReadWriteMany for a shared one", () => {
    expect(nodeOf(g, "data", "k8s.persistent-volume-claim").object.spec).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "64Mi" } } });
    expect(nodeOf(g, "media", "k8s.persistent-volume-claim").object.spec).toEqual({ accessModes: ["ReadWriteMany"], resources: { requests: { storage: "1Gi" } } });
  });

  it("keeps secret values out: a Secret without data that says where its value comes from, and no object for an existing Kubernetes Secret", () => {
    const s = nodeOf(g, "secret/apiKey", "k8s.secret");
    expect([s.from, s.key, s.object]).toEqual([{ kind: "config", key: "apiKey" }, "value", { apiVersion: "v1", kind: "Secret", metadata: meta("secret-apikey", "secret", "secret/apiKey", s.hash), type: "Opaque" }]);
    expect(g.nodes.some((n) => n.kind === "k8s.secret" && n.source !== "secret/apiKey")).toBe(false);
    expect(canonicalJson(g)).not.toContain(CANARY);
  });

  it("writes a Config as a ConfigMap, a ServiceAccount without a token per workload, and a disruption budget for two or more replicas", () => {
    expect(nodeOf(g, "config/motd", "k8s.config-map").object.data).toEqual({ content: "hello" });
    const sa = nodeOf(g, "api#service-account", "k8s.service-account");
    expect(sa.object).toEqual({ apiVersion: "v1", kind: "ServiceAccount", metadata: meta("api", "service", "api#service-account", sa.hash), automountServiceAccountToken: false });
    expect(nodeOf(g, "api#disruption-budget", "k8s.pod-disruption-budget").object.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector("api") } });
    expect(smallKubernetesGraph({ replicas: 1 }).nodes.filter((n) => n.kind === "k8s.pod-disruption-budget")).toEqual([]);
  });

  it("writes only valid Kubernetes labels, and the 64-character spec hash as an annotation", () => {
    for (const n of g.nodes) {
      const labels = { ...n.object.metadata.labels, ...("spec" in n.object && "template" in n.object.spec ? n.object.spec.template.metadata.labels : {}) };
      for (const [k, v] of Object.entries(labels)) expect([k, LabelKey.safeParse(k).success && LabelValue.safeParse(v).success]).toEqual([k, true]);
      expect(n.object.metadata.annotations["berth.spec-hash"]).toBe(n.hash);
    }
  });

  it("is deterministic: the same program lowers to the same bytes", () => {
    expect(canonicalJson(lowerKubernetes(smallKubernetesPortable()))).toBe(canonicalJson(lowerKubernetes(smallKubernetesPortable())));
  });

  it("puts every object in the stack's ApplySet (KEP-3659) and writes its parent ConfigMap with the id, Berth's tooling and the sorted group-kinds", () => {
    const parent = nodeOf(g, "#applyset", "k8s.config-map");
    const members = g.nodes.filter((n) => n.id !== "#applyset");
    expect(members.map((n) => n.object.metadata.labels["applyset.kubernetes.io/part-of"])).toEqual(members.map(() => APPLYSET_ID));
    const { "applyset.kubernetes.io/part-of": _a, ...parentLabels } = own("tiny", "applyset");
    void _a;
    expect(parent.object).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "tiny-applyset",
        namespace: NS,
        labels: { ...parentLabels, "applyset.kubernetes.io/id": APPLYSET_ID },
        annotations: {
          "applyset.kubernetes.io/contains-group-kinds": "ConfigMap,Deployment.apps,Ingress.networking.k8s.io,Job.batch,Namespace,NetworkPolicy.networking.k8s.io,PersistentVolumeClaim,PodDisruptionBudget.policy,Secret,Service,ServiceAccount",
          "applyset.kubernetes.io/tooling": "berth/v1",
          "berth.node": "#applyset",
          "berth.spec-hash": parent.hash,
        },
      },
      data: {},
    });
    const pods = g.nodes.flatMap((n) => (n.kind === "k8s.deployment" || n.kind === "k8s.job" ? [n.object.spec.template.metadata.labels] : []));
    expect(pods.filter((l) => "applyset.kubernetes.io/part-of" in l)).toEqual([]);
  });

  it("owns the target's namespace but never `default`", () => {
    expect(nodeOf(g, "#namespace", "k8s.namespace").object).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: NS, labels: own("tiny", "namespace"), annotations: { "berth.node": "#namespace", "berth.spec-hash": nodeOf(g, "#namespace", "k8s.namespace").hash } },
    });
    expect(smallKubernetesGraph({ namespace: "default" }).nodes.filter((n) => n.kind === "k8s.namespace")).toEqual([]);
  });

  it("refuses a Secrets Manager secret, which pods cannot read", () => {
    const stack = new Stack("tiny", { environment: "dev", target: new Kubernetes({ namespace: "tiny" }), config: StackConfig.from({}) });
    new Service(stack, "api", { image: Image.fromRegistry(`busybox:1@${DIGEST}`), secrets: { key: Secret.fromSecretsManager("arn:aws:secretsmanager:eu-west-1:123456789012:secret:k") } });
    expect(catchBerthError(() => lowerKubernetes(synth(stack))).issues).toEqual([
      {
        code: "kubernetes.secret-source",
        path: "tiny/secret/k",
        field: "source",
        found: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:k",
        message: "secret/k is an AWS Secrets Manager secret, which pods cannot read without an operator.",
        fix: "use Secret.fromKubernetesSecret(name, key) for a Secret the cluster already has, or Secret.fromConfig/fromEnv/fromFile",
      },
    ]);
  });
});
