import type { Scope } from "../core/construct.ts";
import type { Edge, EnvValue, UpdateConfig, WorkloadKind, WorkloadNode } from "../graph/schema.ts";
import { Duration } from "../values/duration.ts";
import { Size } from "../values/size.ts";
import { ConfigValue } from "./config.ts";
import { instance, parseProps, z } from "./props.ts";
import { Resource, type SynthContext, type Synthesized } from "./resource.ts";
import { HostnameRef, WorkloadPropsSchema, type UpdateProps, type WorkloadProps } from "./workload-props.ts";

const DEFAULT_LOG = { driver: "json-file", maxSize: Size.mebibytes(10), maxFiles: 3 };

/** What a concrete workload adds to the shared shape. */
export interface WorkloadExtras {
  readonly replicas: number;
  readonly job?: WorkloadNode["job"];
}

/** Base of {@link Service}, {@link Container} and {@link Job}: one shape, three lifecycles. */
export abstract class Workload extends Resource {
  /** The validated props. */
  protected readonly props: WorkloadProps;
  private readonly extraDeps: { on: Workload; condition: "started" | "healthy" | "completed" }[] = [];

  protected constructor(scope: Scope, id: string, props: WorkloadProps, schema: z.ZodType<WorkloadProps> = WorkloadPropsSchema as z.ZodType<WorkloadProps>) {
    super(scope, id);
    this.props = parseProps(this, schema, props);
  }

  /** This workload's DNS name on its networks, resolved per target. Use in `env`. */
  get hostname(): HostnameRef {
    return new HostnameRef(this);
  }

  /** Adds a start-order dependency after construction. */
  addDependency(on: Workload, condition: "started" | "healthy" | "completed" = "started"): void {
    this.extraDeps.push({ on, condition });
  }

  protected abstract readonly workloadKind: WorkloadKind;
  protected abstract extras(): WorkloadExtras;

  /** @internal */
  synthesize(ctx: SynthContext): Synthesized {
    const p = this.props;
    const ex = this.extras();
    const edges: Omit<Edge, "from">[] = [];
    const image = ctx.image(p.image);
    edges.push({ to: image, kind: "uses" });

    const env: Record<string, EnvValue> = {};
    for (const [k, v] of Object.entries(p.env ?? {})) {
      if (v instanceof ConfigValue) env[k] = { kind: "config", key: v.key, value: ctx.configValue(v.key, this, `env.${k}`) };
      else if (v instanceof HostnameRef) {
        env[k] = { kind: "ref", node: v.workload.node.idInStack, attribute: "hostname" };
      } else env[k] = { kind: "literal", value: String(v) };
    }
    const secrets = Object.entries(p.secrets ?? {}).map(([name, s]) => {
      const id = ctx.secret(s, this, `secrets.${name}`);
      edges.push({ to: id, kind: "uses" });
      return { secret: id, target: name, mode: 0o400 };
    });
    const configs = Object.entries(p.configs ?? {}).map(([path, c]) => {
      const id = ctx.config(c, this, `configs.${path}`);
      edges.push({ to: id, kind: "uses" });
      return { config: id, target: path, mode: 0o444 };
    });
    const volumes = [];
    const binds = [];
    for (const m of p.volumes ?? []) {
      if ("volume" in m) {
        volumes.push({ volume: m.volume.node.idInStack, path: m.path, readOnly: m.readOnly ?? false });
        edges.push({ to: m.volume.node.idInStack, kind: "uses" });
      } else binds.push({ source: m.hostPath, path: m.path, readOnly: m.readOnly ?? false });
    }
    const networks = (p.networks ?? []).map((n) => n.node.idInStack);
    for (const n of networks) edges.push({ to: n, kind: "uses" });
    const deps = [
      ...(p.dependsOn ?? []).map((d) => ("on" in d ? { on: d.on, condition: d.condition ?? "started" } : { on: d, condition: "started" as const })),
      ...this.extraDeps,
    ];
    for (const d of deps) edges.push({ to: d.on.node.idInStack, kind: "depends", condition: d.condition });

    const singleWriter = volumes.length > 0;
    const spec: WorkloadNode = {
      kind: this.workloadKind,
      image,
      ...(p.command ? { command: [...p.command] } : {}),
      ...(p.entrypoint ? { entrypoint: [...p.entrypoint] } : {}),
      ...(p.workingDir ? { workingDir: p.workingDir } : {}),
      env,
      secrets,
      configs,
      ports: (p.ports ?? []).map((x) =>
        typeof x === "number"
          ? { container: x, protocol: "tcp" as const }
          : { container: x.container, ...(x.published ? { published: x.published } : {}), protocol: x.protocol ?? "tcp", ...(x.hostIp ? { hostIp: x.hostIp } : {}) },
      ),
      volumes,
      binds,
      tmpfs: (p.tmpfs ?? []).map((t) => (typeof t === "string" ? { path: t } : { path: t.path, ...(t.size ? { sizeBytes: t.size.toBytes() } : {}) })),
      networks,
      ...(p.healthcheck ? { healthcheck: healthcheck(p.healthcheck) } : {}),
      resources: {
        ...(p.resources?.cpu !== undefined ? { cpu: p.resources.cpu } : {}),
        ...(p.resources?.memory ? { memoryBytes: p.resources.memory.toBytes() } : {}),
        ...(p.resources?.cpuReservation !== undefined ? { cpuReservation: p.resources.cpuReservation } : {}),
        ...(p.resources?.memoryReservation ? { memoryReservationBytes: p.resources.memoryReservation.toBytes() } : {}),
        ...(p.resources?.pids !== undefined ? { pids: p.resources.pids } : {}),
      },
      replicas: ex.replicas,
      ...(p.user ? { user: p.user } : {}),
      readOnlyRootFilesystem: p.readOnlyRootFilesystem ?? true,
      capabilities: { add: [...(p.capabilities?.add ?? [])].sort(), drop: [...(p.capabilities?.drop ?? ["ALL"])].sort() },
      privileged: p.privileged ?? false,
      noNewPrivileges: p.noNewPrivileges ?? true,
      init: p.init ?? true,
      hostNetwork: p.hostNetwork ?? false,
      hostPid: p.hostPid ?? false,
      hostIpc: p.hostIpc ?? false,
      devices: [...(p.devices ?? [])],
      ...(p.seccompProfile ? { seccompProfile: p.seccompProfile } : {}),
      restart: ex.job?.retries !== undefined && p.restart === undefined ? { policy: "on-failure", maxAttempts: ex.job.retries } : restart(p.restart, this.workloadKind),
      ...(p.stopGracePeriod ? { stopGracePeriodMs: p.stopGracePeriod.toMillis() } : {}),
      logging: logging(p.logging),
      ...(this.workloadKind === "job"
        ? {}
        : {
            update: updateConfig(p.update, { order: singleWriter ? "stop-first" : "start-first", failureAction: "rollback" }),
            rollback: updateConfig(p.rollback, { order: singleWriter ? "stop-first" : "start-first", failureAction: "pause" }),
          }),
      ...(ex.job ? { job: ex.job } : {}),
      labels: { ...(p.labels ?? {}) },
      targetOptions: {
        ...(p.swarm ? { swarm: structuredClone(p.swarm) as WorkloadNode["targetOptions"]["swarm"] } : {}),
        ...(p.fargate ? { fargate: { ...p.fargate } } : {}),
        ...(p.kubernetes ? { kubernetes: structuredClone(p.kubernetes) as WorkloadNode["targetOptions"]["kubernetes"] } : {}),
      },
    };
    return { spec, edges };
  }
}

function healthcheck(h: NonNullable<WorkloadProps["healthcheck"]>): NonNullable<WorkloadNode["healthcheck"]> {
  const test = h.command
    ? { kind: "command" as const, command: [...h.command] }
    : h.http
      ? { kind: "http" as const, port: h.http.port, path: h.http.path ?? "/" }
      : { kind: "tcp" as const, port: h.tcp!.port };
  return {
    test,
    intervalMs: (h.interval ?? Duration.seconds(10)).toMillis(),
    timeoutMs: (h.timeout ?? Duration.seconds(5)).toMillis(),
    retries: h.retries ?? 3,
    startPeriodMs: (h.startPeriod ?? Duration.seconds(0)).toMillis(),
  };
}

function restart(r: WorkloadProps["restart"], kind: WorkloadKind): NonNullable<WorkloadNode["restart"]> {
  if (r === undefined) return kind === "job" ? { policy: "on-failure", maxAttempts: 3 } : { policy: "unless-stopped" };
  if (typeof r === "string") return { policy: r };
  return { policy: "on-failure", maxAttempts: r.onFailure };
}

function logging(l: WorkloadProps["logging"]): NonNullable<WorkloadNode["logging"]> {
  const driver = l?.driver ?? DEFAULT_LOG.driver;
  const rotates = driver === "json-file" || driver === "local";
  const options: Record<string, string> = { ...(l?.options ?? {}) };
  if (rotates) {
    options["max-size"] ??= `${Math.max(1, Math.round((l?.maxSize ?? DEFAULT_LOG.maxSize).toMebibytes()))}m`;
    options["max-file"] ??= String(l?.maxFiles ?? DEFAULT_LOG.maxFiles);
  }
  return { driver, options };
}

function updateConfig(u: UpdateProps | undefined, d: Pick<UpdateConfig, "order" | "failureAction">): UpdateConfig {
  return {
    parallelism: u?.parallelism ?? 1,
    delayMs: (u?.delay ?? Duration.seconds(0)).toMillis(),
    order: u?.order ?? d.order,
    failureAction: u?.failureAction ?? d.failureAction,
    monitorMs: (u?.monitor ?? Duration.seconds(15)).toMillis(),
    maxFailureRatio: u?.maxFailureRatio ?? 0,
  };
}
