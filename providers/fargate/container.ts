/**
 * The container definitions of one workload's task: the app container, and, when the workload
 * mounts secrets, the init container that writes them as files.
 *
 * Secrets stay files on Fargate. ECS can only hand a secret to a container as an environment
 * variable (`secrets`), so the app container never gets one: an `essential: false` init
 * container receives each value through `secrets`, writes it (the mount's mode, owned by the
 * workload's uid) to an ephemeral task volume and exits; the app container mounts that volume
 * read-only and starts only after the init container exited 0 (`dependsOn` SUCCESS). The init
 * container runs the workload's own image with `sh` (no second image to pin and pull).
 */
import { posix } from "node:path";
import type { GraphNode, WorkloadGraphNode } from "../../sdk/graph/schema.ts";
import { lowerHealthcheck, numericUser } from "../shared/docker-api/lower.ts";
import type { ContainerDefinition, TaskVolume } from "./api.ts";

/** The name of the secret-writing init container. */
export const SECRETS_CONTAINER = "berth-secrets";

/** Capabilities Docker grants by default, less CHOWN: the init container needs only chown. */
const INIT_DROP = ["AUDIT_WRITE", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];

/** The only capability Fargate lets a task add. */
const FARGATE_ADDABLE = new Set(["SYS_PTRACE"]);

/** What lowering the containers of one workload needs. */
export interface ContainerContext {
  /** Image references by image node id. */
  readonly images: ReadonlyMap<string, string>;
  /** `valueFrom` (a Secrets Manager or SSM ARN, with a JSON key when one is named) by secret node id. */
  readonly secrets: ReadonlyMap<string, string>;
  /** Portable nodes by id. */
  readonly byId: ReadonlyMap<string, GraphNode>;
  /** The DNS name a hostname reference resolves to (the Cloud Map name), by node id. */
  readonly hostname: (id: string) => string;
  readonly logGroup: string;
  readonly region: string;
}

/** The containers and the task volumes they use. */
export interface LoweredContainers {
  readonly containers: ContainerDefinition[];
  readonly volumes: TaskVolume[];
}

const seconds = (ms: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.ceil(ms / 1000)));
const mib = (bytes: number): number => Math.ceil(bytes / (1024 * 1024));
const units = (cores: number): number => Math.ceil(cores * 1024);
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The environment variable a config's content is passed in (ECS has no config files): `BERTH_CONFIG_ETC_MOTD`. */
export function configVariable(target: string): string {
  return `BERTH_CONFIG_${target.replace(/^\/+/, "").replace(/[^A-Za-z0-9]+/g, "_").toUpperCase()}`;
}

/** Where a secret mount's file lives: a bare name is under /run/secrets. */
function secretPath(target: string): string {
  return target.startsWith("/") ? target : `/run/secrets/${target}`;
}

/** The awslogs configuration of one container of a workload. */
function logs(c: ContainerContext, prefix: string): ContainerDefinition["logConfiguration"] {
  return { logDriver: "awslogs", options: { "awslogs-group": c.logGroup, "awslogs-region": c.region, "awslogs-stream-prefix": prefix } };
}

/** Lowers a workload's containers; `volumeMounts` are the mount points of its Volumes and tmpfs paths. */
export function lowerContainers(w: WorkloadGraphNode, c: ContainerContext, volumeMounts: ContainerDefinition["mountPoints"]): LoweredContainers {
  const spec = w.spec;
  const image = c.images.get(spec.image);
  if (!image) throw new Error(`lowering: ${w.id} uses unknown image ${spec.image}`);

  // Secret files: one task volume per directory they land in, written by the init container.
  const dirs = [...new Set(spec.secrets.map((s) => posix.dirname(secretPath(s.target))))].sort();
  const volumeOf = new Map(dirs.map((d, i) => [d, i === 0 ? "secrets" : `secrets-${i}`]));
  const volumes: TaskVolume[] = dirs.map((d) => ({ name: volumeOf.get(d)! }));
  const containers: ContainerDefinition[] = [];
  const { uid, gid } = numericUser(spec.user);
  if (spec.secrets.length > 0) {
    const script = spec.secrets.map((s, i) => {
      const path = quote(secretPath(s.target));
      return `printf '%s' "$BERTH_SECRET_${i}" > ${path} && chmod ${s.mode.toString(8)} ${path} && chown ${uid}:${gid} ${path}`;
    });
    containers.push({
      name: SECRETS_CONTAINER,
      image,
      essential: false,
      entryPoint: ["sh", "-c"],
      command: [["umask 0277", ...script].join(" && ")],
      environment: [],
      secrets: spec.secrets.map((s, i) => {
        const valueFrom = c.secrets.get(s.secret);
        if (!valueFrom) throw new Error(`lowering: ${w.id} mounts unknown secret ${s.secret}`);
        return { name: `BERTH_SECRET_${i}`, valueFrom };
      }),
      mountPoints: dirs.map((d) => ({ sourceVolume: volumeOf.get(d)!, containerPath: d, readOnly: false })),
      // Root for chown only: every capability but CHOWN is dropped and the root filesystem is read-only.
      user: "0",
      readonlyRootFilesystem: true,
      linuxParameters: { initProcessEnabled: false, capabilities: { add: [], drop: INIT_DROP } },
      logConfiguration: logs(c, SECRETS_CONTAINER),
    });
  }

  const env = Object.entries(spec.env).map(([name, v]) => ({ name, value: v.kind === "ref" ? c.hostname(v.node) : v.value }));
  for (const m of spec.configs) {
    const node = c.byId.get(m.config);
    if (node?.spec.kind === "config") env.push({ name: configVariable(m.target), value: node.spec.content });
  }
  const r = spec.resources;
  const cpu = r.cpuReservation ?? r.cpu;
  const h = spec.healthcheck;
  const app: ContainerDefinition = {
    name: w.name,
    image,
    essential: true,
    ...(spec.entrypoint ? { entryPoint: [...spec.entrypoint] } : {}),
    ...(spec.command ? { command: [...spec.command] } : {}),
    ...(spec.workingDir ? { workingDirectory: spec.workingDir } : {}),
    ...(cpu !== undefined ? { cpu: units(cpu) } : {}),
    ...(r.memoryBytes !== undefined ? { memory: mib(r.memoryBytes) } : {}),
    ...(r.memoryReservationBytes !== undefined ? { memoryReservation: mib(r.memoryReservationBytes) } : {}),
    // awsvpc: the task has its own address, so the host port is the container port.
    ...(spec.ports.length > 0 ? { portMappings: spec.ports.map((p) => ({ containerPort: p.container, hostPort: p.container, protocol: p.protocol })) } : {}),
    environment: env.sort(byName),
    mountPoints: [...dirs.map((d) => ({ sourceVolume: volumeOf.get(d)!, containerPath: d, readOnly: true })), ...volumeMounts],
    ...(spec.secrets.length > 0 ? { dependsOn: [{ containerName: SECRETS_CONTAINER, condition: "SUCCESS" as const }] } : {}),
    ...(h
      ? {
          healthCheck: {
            command: lowerHealthcheck(h.test, h).Test,
            interval: seconds(h.intervalMs, 5, 300),
            timeout: seconds(h.timeoutMs, 2, 60),
            retries: Math.min(10, Math.max(1, h.retries)),
            startPeriod: seconds(h.startPeriodMs, 0, 300),
          },
        }
      : {}),
    ...(spec.user ? { user: spec.user } : {}),
    readonlyRootFilesystem: spec.readOnlyRootFilesystem,
    linuxParameters: {
      initProcessEnabled: spec.init,
      capabilities: { add: spec.capabilities.add.filter((a) => FARGATE_ADDABLE.has(a)), drop: [...spec.capabilities.drop] },
    },
    ...(spec.stopGracePeriodMs !== undefined ? { stopTimeout: seconds(spec.stopGracePeriodMs, 0, 120) } : {}),
    logConfiguration: logs(c, w.name),
  };
  containers.push(app);
  return { containers, volumes };
}
