/**
 * The policy's view of a `KubernetesDeployment`: its pod template presented as the workload
 * fields rules read (image, user, read-only root, capabilities, privilege escalation, seccomp,
 * resources, probes, ports, host namespaces, host paths, secrets, networks), so every workload
 * rule that runs on Kubernetes covers it without knowing the API. The first container of the
 * template is the one read (the app; sidecars follow it in `containers`); fields the template
 * leaves out read as the API server's defaults (no limits, root unless the image says otherwise,
 * a writable root, privilege escalation allowed, the runtime's seccomp profile unless set).
 */
import type { HealthTest, KubernetesDeploymentGraphNode, WorkloadGraphNode, WorkloadNode } from "../graph/schema.ts";

type Spec = KubernetesDeploymentGraphNode["spec"]["spec"];
type Container = Spec["template"]["spec"]["containers"][number];
type Probe = NonNullable<Container["readinessProbe"]>;

const views = new WeakMap<KubernetesDeploymentGraphNode, WorkloadGraphNode>();

/** The node as the workload rules read it (the same node id, path and construct). Cached per node. */
export function kubernetesDeploymentAsWorkload(node: KubernetesDeploymentGraphNode): WorkloadGraphNode {
  let view = views.get(node);
  if (view === undefined) {
    view = { ...node, spec: workloadFields(node) };
    views.set(node, view);
  }
  return view;
}

const UNITS: Readonly<Record<string, number>> = { "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** A Kubernetes quantity (`250m`, `1.5`, `256Mi`, `1G`) as a number, or undefined when it is not one. */
export function parseQuantity(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  const m = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(q.trim());
  const unit = m ? UNITS[m[2]!] : undefined;
  return m && unit !== undefined ? Number(m[1]) * unit : undefined;
}

function workloadFields(node: KubernetesDeploymentGraphNode): WorkloadNode {
  const n = node.spec;
  const pod = n.spec.template.spec;
  const c = pod.containers[0]!;
  const sc = c.securityContext ?? {};
  const psc = pod.securityContext ?? {};
  const uid = sc.runAsUser ?? psc.runAsUser;
  const gid = sc.runAsGroup ?? psc.runAsGroup;
  const limits = c.resources?.limits ?? {};
  const requests = c.resources?.requests ?? {};
  const cpu = parseQuantity(limits.cpu);
  const memory = parseQuantity(limits.memory);
  const cpuRequest = parseQuantity(requests.cpu);
  const memoryRequest = parseQuantity(requests.memory);
  const env: WorkloadNode["env"] = {};
  for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = { kind: "literal", value: e.value };
  const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
  const mounts = (c.volumeMounts ?? []).map((m) => ({ m, v: volumes.get(m.name) }));
  const probe = c.readinessProbe ?? c.livenessProbe;
  const test = probe ? probeTest(probe, c) : undefined;
  const seccomp = sc.seccompProfile ?? psc.seccompProfile;
  return {
    kind: "service",
    // A KubernetesDeployment is the user's own: nothing in it is one of Berth's defaults.
    defaults: [],
    image: n.images.find((i) => i.container === c.name)!.image,
    ...(c.command ? { entrypoint: [...c.command] } : {}),
    ...(c.args ? { command: [...c.args] } : {}),
    ...(c.workingDir ? { workingDir: c.workingDir } : {}),
    env,
    secrets: n.secrets.map((s) => ({ secret: s.secret, target: s.name, mode: 0o400 })),
    configs: n.configs.map((s) => ({ config: s.config, target: s.name, mode: 0o444 })),
    ports: (c.ports ?? []).map((p) => ({ container: p.containerPort, protocol: p.protocol === "UDP" ? ("udp" as const) : ("tcp" as const), ...(p.hostPort ? { published: p.hostPort } : {}) })),
    volumes: [],
    binds: mounts.flatMap(({ m, v }) => (v?.hostPath ? [{ source: v.hostPath.path, path: m.mountPath, readOnly: m.readOnly ?? false }] : [])),
    tmpfs: mounts.flatMap(({ m, v }) => (v?.emptyDir?.medium === "Memory" ? [{ path: m.mountPath }] : [])),
    networks: [...n.networks],
    ...(probe && test
      ? {
          healthcheck: {
            test,
            intervalMs: (probe.periodSeconds ?? 10) * 1000,
            timeoutMs: (probe.timeoutSeconds ?? 1) * 1000,
            retries: probe.failureThreshold ?? 3,
            startPeriodMs: (probe.initialDelaySeconds ?? 0) * 1000,
          },
        }
      : {}),
    resources: {
      ...(cpu !== undefined && cpu > 0 ? { cpu } : {}),
      ...(memory !== undefined && memory > 0 ? { memoryBytes: Math.ceil(memory) } : {}),
      ...(cpuRequest !== undefined && cpuRequest > 0 ? { cpuReservation: cpuRequest } : {}),
      ...(memoryRequest !== undefined && memoryRequest > 0 ? { memoryReservationBytes: Math.ceil(memoryRequest) } : {}),
    },
    replicas: n.spec.replicas ?? 1,
    ...(uid !== undefined ? { user: gid !== undefined ? `${uid}:${gid}` : String(uid) } : {}),
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem ?? false,
    capabilities: { add: [...(sc.capabilities?.add ?? [])], drop: [...(sc.capabilities?.drop ?? [])] },
    privileged: sc.privileged ?? false,
    noNewPrivileges: sc.allowPrivilegeEscalation === false,
    init: pod.shareProcessNamespace ?? false,
    hostNetwork: pod.hostNetwork ?? false,
    hostPid: pod.hostPID ?? false,
    hostIpc: pod.hostIPC ?? false,
    devices: [],
    ...(seccomp ? { seccompProfile: seccomp.type === "Unconfined" ? "unconfined" : seccomp.type === "Localhost" ? (seccomp.localhostProfile ?? "localhost") : "default" } : {}),
    restart: { policy: "always" },
    ...(pod.terminationGracePeriodSeconds !== undefined ? { stopGracePeriodMs: pod.terminationGracePeriodSeconds * 1000 } : {}),
    labels: { ...n.labels },
    targetOptions: {},
  };
}

/** A probe as a portable healthcheck test; a named port is looked up among the container's ports. */
function probeTest(p: Probe, c: Container): HealthTest | undefined {
  const port = (v: number | string): number | undefined => (typeof v === "number" ? v : c.ports?.find((x) => x.name === v)?.containerPort);
  if (p.exec?.command && p.exec.command.length > 0) return { kind: "command", command: [...p.exec.command] };
  if (p.httpGet) {
    const n = port(p.httpGet.port);
    return n === undefined ? undefined : { kind: "http", port: n, path: p.httpGet.path ?? "/" };
  }
  if (p.tcpSocket) {
    const n = port(p.tcpSocket.port);
    return n === undefined ? undefined : { kind: "tcp", port: n };
  }
  if (p.grpc) return { kind: "tcp", port: p.grpc.port };
  return undefined;
}
