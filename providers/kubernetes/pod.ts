/**
 * The pod template of a workload: one container, its probes, securityContext, resources and
 * volumes. Deployments and Jobs (providers/kubernetes/workloads.ts) wrap it.
 *
 * Decisions worth knowing:
 * - Secrets named by a file name (the portable default, `/run/secrets/<name>`) are one
 *   projected volume at /run/secrets, so several secrets share the directory as on Docker;
 *   secrets and configs at an absolute path are single files (`subPath`).
 * - A numeric group becomes `fsGroup` too: Kubernetes writes secret files owned by root, and
 *   the kubelet gives the fsGroup read access to them (a 0400 file becomes 0440, group fsGroup),
 *   so a non-root process can read its secrets as it can on Docker.
 * - The healthcheck is both the readiness probe (the Service sends traffic only to healthy
 *   pods) and the liveness probe (swarm replaces unhealthy tasks; the kubelet restarts them).
 *   Docker's start period, during which failures do not count, is a startup probe that allows
 *   that long before the other two start.
 * - `imagePullPolicy: IfNotPresent`: images are pinned by digest or tagged by content, so a
 *   present image is the right one (and clusters without registry access still run).
 */
import type { GraphNode, Healthcheck, WorkloadGraphNode } from "../../sdk/graph/schema.ts";
import { lowerEnvValue } from "../shared/docker-api/lower.ts";
import type { Container, PodSpec, PodTemplate, Probe, Volume } from "./objects.ts";
import { sorted } from "./labels.ts";
import { bytesQuantity, cpuQuantity, seconds } from "./quantities.ts";

/** A Secret or ConfigMap and the key a mounted value lives under. */
export interface KeyRef {
  readonly name: string;
  readonly key: string;
}

/** What the pod of one workload refers to, lowered before it. */
export interface PodContext {
  readonly byId: ReadonlyMap<string, GraphNode>;
  /** The image reference by image node id. */
  readonly images: ReadonlyMap<string, string>;
  readonly secrets: ReadonlyMap<string, KeyRef>;
  readonly configs: ReadonlyMap<string, KeyRef>;
  /** PersistentVolumeClaim name by volume node id. */
  readonly claims: ReadonlyMap<string, string>;
}

/** Where portable secrets named by a file name are mounted. */
export const SECRETS_DIR = "/run/secrets";

/** A portable `user` as numbers; a name (or nothing) gives nothing, since only the image knows it. */
export function numericIds(user: string | undefined): { uid?: number; gid?: number } {
  const [u = "", g] = (user ?? "").split(":");
  if (!/^\d+$/.test(u)) return {};
  const uid = Number(u);
  return { uid, gid: g !== undefined && /^\d+$/.test(g) ? Number(g) : uid };
}

/** The probe handler and timing of a portable healthcheck. */
export function probe(h: Healthcheck, failureThreshold = h.retries): Probe {
  const t = h.test;
  const handler =
    t.kind === "command" ? { exec: { command: [...t.command] } } : t.kind === "http" ? { httpGet: { path: t.path.startsWith("/") ? t.path : `/${t.path}`, port: t.port } } : { tcpSocket: { port: t.port } };
  return { ...handler, periodSeconds: seconds(h.intervalMs, 1), timeoutSeconds: seconds(h.timeoutMs, 1), failureThreshold };
}

/** Readiness, liveness and (with a start period) startup probes. */
function probes(h: Healthcheck | undefined): Pick<Container, "readinessProbe" | "livenessProbe" | "startupProbe"> {
  if (!h) return {};
  const p = probe(h);
  const startup = h.startPeriodMs > 0 ? { startupProbe: probe(h, Math.ceil(h.startPeriodMs / h.intervalMs) + h.retries) } : {};
  return { readinessProbe: p, livenessProbe: p, ...startup };
}

/** Kubernetes capability names have no `CAP_` prefix. */
function capName(c: string): string {
  return c.toUpperCase().replace(/^CAP_/, "");
}

/** The pod's seccomp profile: Docker's default profile is the runtime's default. */
function seccomp(profile: string | undefined): PodSpec["securityContext"]["seccompProfile"] {
  if (profile === undefined || profile === "default" || profile === "runtime/default") return { type: "RuntimeDefault" };
  if (profile === "unconfined") return { type: "Unconfined" };
  return { type: "Localhost", localhostProfile: profile };
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

/** Volumes and mounts of a workload, in a fixed order: claims, binds, tmpfs, secrets, configs. */
function storage(w: WorkloadGraphNode, c: PodContext): { volumes: Volume[]; mounts: Container["volumeMounts"] } {
  const s = w.spec;
  const volumes: Volume[] = [];
  const mounts: Container["volumeMounts"] = [];
  s.volumes.forEach((m, i) => {
    const claim = c.claims.get(m.volume);
    if (!claim) throw new Error(`lowerKubernetes: ${w.id} mounts unknown volume ${m.volume}`);
    volumes.push({ name: `data-${i}`, persistentVolumeClaim: { claimName: claim, readOnly: m.readOnly } });
    mounts.push({ name: `data-${i}`, mountPath: m.path, readOnly: m.readOnly });
  });
  s.binds.forEach((b, i) => {
    volumes.push({ name: `bind-${i}`, hostPath: { path: b.source } });
    mounts.push({ name: `bind-${i}`, mountPath: b.path, readOnly: b.readOnly });
  });
  s.tmpfs.forEach((t, i) => {
    volumes.push({ name: `tmpfs-${i}`, emptyDir: { medium: "Memory", ...(t.sizeBytes ? { sizeLimit: bytesQuantity(t.sizeBytes) } : {}) } });
    mounts.push({ name: `tmpfs-${i}`, mountPath: t.path, readOnly: false });
  });
  const secretRef = (id: string): KeyRef => {
    const r = c.secrets.get(id);
    if (!r) throw new Error(`lowerKubernetes: ${w.id} mounts unknown secret ${id}`);
    return r;
  };
  const inDir = s.secrets.filter((m) => !m.target.startsWith("/"));
  if (inDir.length > 0) {
    volumes.push({ name: "secrets", projected: { sources: inDir.map((m) => ({ secret: { name: secretRef(m.secret).name, items: [{ key: secretRef(m.secret).key, path: m.target, mode: m.mode }] } })) } });
    mounts.push({ name: "secrets", mountPath: SECRETS_DIR, readOnly: true });
  }
  s.secrets.forEach((m, i) => {
    if (!m.target.startsWith("/")) return;
    const r = secretRef(m.secret);
    volumes.push({ name: `secret-${i}`, secret: { secretName: r.name, items: [{ key: r.key, path: basename(m.target), mode: m.mode }] } });
    mounts.push({ name: `secret-${i}`, mountPath: m.target, readOnly: true, subPath: basename(m.target) });
  });
  s.configs.forEach((m, i) => {
    const r = c.configs.get(m.config);
    if (!r) throw new Error(`lowerKubernetes: ${w.id} mounts unknown config ${m.config}`);
    const path = m.target.startsWith("/") ? m.target : `/${m.target}`;
    volumes.push({ name: `config-${i}`, configMap: { name: r.name, items: [{ key: r.key, path: basename(path), mode: m.mode }] } });
    mounts.push({ name: `config-${i}`, mountPath: path, readOnly: true, subPath: basename(path) });
  });
  return { volumes, mounts };
}

/** The container of a workload. */
function container(w: WorkloadGraphNode, c: PodContext, mounts: Container["volumeMounts"]): Container {
  const s = w.spec;
  const image = c.images.get(s.image);
  if (!image) throw new Error(`lowerKubernetes: ${w.id} uses unknown image ${s.image}`);
  const { uid, gid } = numericIds(s.user);
  const add = s.capabilities.add.map(capName);
  // The API refuses allowPrivilegeEscalation: false next to privileged or CAP_SYS_ADMIN, which imply it.
  const escalationImplied = s.privileged || add.includes("SYS_ADMIN");
  const ports = [...new Map(s.ports.map((p) => [`${p.container}/${p.protocol}`, { containerPort: p.container, protocol: p.protocol === "udp" ? ("UDP" as const) : ("TCP" as const) }])).values()];
  const r = s.resources;
  return {
    name: w.name,
    image,
    imagePullPolicy: "IfNotPresent",
    ...(s.entrypoint ? { command: [...s.entrypoint] } : {}),
    ...(s.command ? { args: [...s.command] } : {}),
    ...(s.workingDir ? { workingDir: s.workingDir } : {}),
    env: Object.keys(s.env)
      .sort()
      .map((name) => ({ name, value: lowerEnvValue(s.env[name]!, c.byId) })),
    ports,
    resources: {
      limits: { ...(r.cpu !== undefined ? { cpu: cpuQuantity(r.cpu) } : {}), ...(r.memoryBytes !== undefined ? { memory: bytesQuantity(r.memoryBytes) } : {}) },
      requests: {
        ...(r.cpuReservation !== undefined ? { cpu: cpuQuantity(r.cpuReservation) } : {}),
        ...(r.memoryReservationBytes !== undefined ? { memory: bytesQuantity(r.memoryReservationBytes) } : {}),
      },
    },
    securityContext: {
      ...(uid !== undefined ? { runAsUser: uid, runAsGroup: gid! } : {}),
      ...(uid !== undefined && uid > 0 ? { runAsNonRoot: true } : {}),
      readOnlyRootFilesystem: s.readOnlyRootFilesystem,
      ...(escalationImplied ? {} : { allowPrivilegeEscalation: !s.noNewPrivileges }),
      ...(s.privileged ? { privileged: true } : {}),
      capabilities: { drop: s.capabilities.drop.map(capName), add },
    },
    ...probes(s.healthcheck),
    volumeMounts: mounts,
  };
}

/** Options of {@link podTemplate}. */
export interface PodOptions {
  /** Labels of the pods (selector, ownership and network membership). */
  readonly labels: Readonly<Record<string, string>>;
  readonly restartPolicy: PodSpec["restartPolicy"];
  /** Spread replicas over nodes (services with two or more replicas). */
  readonly spread?: Readonly<Record<string, string>>;
}

/** The pod template of a workload. */
export function podTemplate(w: WorkloadGraphNode, c: PodContext, o: PodOptions): PodTemplate {
  const s = w.spec;
  const { gid } = numericIds(s.user);
  const { volumes, mounts } = storage(w, c);
  return {
    metadata: { labels: sorted(o.labels) },
    spec: {
      serviceAccountName: w.name,
      automountServiceAccountToken: false,
      restartPolicy: o.restartPolicy,
      ...(s.stopGracePeriodMs !== undefined ? { terminationGracePeriodSeconds: seconds(s.stopGracePeriodMs) } : {}),
      // Docker's init reaps zombies as PID 1; in a pod that shares its process namespace the pause process is PID 1 and does.
      ...(s.init ? { shareProcessNamespace: true } : {}),
      ...(s.hostNetwork ? { hostNetwork: true } : {}),
      ...(s.hostPid ? { hostPID: true } : {}),
      ...(s.hostIpc ? { hostIPC: true } : {}),
      securityContext: { ...(gid !== undefined && gid > 0 ? { fsGroup: gid } : {}), seccompProfile: seccomp(s.seccompProfile) },
      ...(o.spread ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" as const, labelSelector: { matchLabels: { ...o.spread } } }] } : {}),
      containers: [container(w, c, mounts)],
      volumes,
    },
  };
}
