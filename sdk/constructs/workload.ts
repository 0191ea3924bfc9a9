import { sortNames } from "../core/sort.ts";
import type { Scope } from "../core/construct.ts";
import type { DefaultedField, Edge, EnvValue, UpdateConfig, WorkloadKind, WorkloadNode } from "../graph/schema.ts";
import { Duration } from "../values/duration.ts";
import { Size } from "../values/size.ts";
import { ConfigValue } from "./config.ts";
import { parseProps, z } from "./props.ts";
import { Resource, type SynthContext, type Synthesized } from "./resource.ts";
import { HostnameRef, WorkloadPropsSchema, type Dependable, type UpdateProps, type WorkloadProps } from "./workload-props.ts";

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
  private readonly extraDeps: { on: Dependable; condition: "started" | "healthy" | "completed" }[] = [];

  protected constructor(scope: Scope, id: string, props: WorkloadProps, schema: z.ZodType<WorkloadProps> = WorkloadPropsSchema as z.ZodType<WorkloadProps>) {
    super(scope, id);
    this.props = parseProps(this, schema, props);
  }

  /** This workload's DNS name on its networks, resolved per target. Use in `env`. */
  get hostname(): HostnameRef {
    return new HostnameRef(this);
  }

  /** Adds a start-order dependency after construction. */
  addDependency(on: Dependable, condition: "started" | "healthy" | "completed" = "started"): void {
    this.extraDeps.push({ on, condition });
  }

  protected abstract readonly workloadKind: WorkloadKind;
  protected abstract extras(): WorkloadExtras;

  /**
   * @internal The node spec. Built key by key in sorted order, without spreads: canonical JSON
   * (the content hash) then finds every object already ordered, and a graph of thousands of
   * workloads builds no throwaway objects. Absent optional fields stay absent.
   */
  synthesize(ctx: SynthContext): Synthesized {
    const p = this.props;
    const ex = this.extras();
    const kind = this.workloadKind;
    const edges: Omit<Edge, "from">[] = [];
    const image = ctx.image(p.image);
    edges.push({ to: image, kind: "uses" });

    const env: Record<string, EnvValue> = {};
    if (p.env) {
      for (const k of Object.keys(p.env)) {
        const v = p.env[k]!;
        if (v instanceof ConfigValue) env[k] = { key: v.key, kind: "config", value: ctx.configValue(v.key, this, `env.${k}`) };
        else if (v instanceof HostnameRef) env[k] = { attribute: "hostname", kind: "ref", node: v.workload.node.idInStack };
        else env[k] = { kind: "literal", value: String(v) };
      }
    }
    const secrets: WorkloadNode["secrets"] = [];
    if (p.secrets) {
      for (const name of Object.keys(p.secrets)) {
        const id = ctx.secret(p.secrets[name]!, this, `secrets.${name}`);
        edges.push({ to: id, kind: "uses" });
        secrets.push({ mode: 0o400, secret: id, target: name });
      }
    }
    const configs: WorkloadNode["configs"] = [];
    if (p.configs) {
      for (const path of Object.keys(p.configs)) {
        const id = ctx.config(p.configs[path]!, this, `configs.${path}`);
        edges.push({ to: id, kind: "uses" });
        configs.push({ config: id, mode: 0o444, target: path });
      }
    }
    const volumes: WorkloadNode["volumes"] = [];
    const binds: WorkloadNode["binds"] = [];
    const mounts = p.volumes ?? NONE;
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i]!;
      if ("volume" in m) {
        volumes.push({ path: m.path, readOnly: m.readOnly ?? false, volume: m.volume.node.idInStack });
        edges.push({ to: m.volume.node.idInStack, kind: "uses" });
      } else binds.push({ path: m.path, readOnly: m.readOnly ?? false, source: m.hostPath });
    }
    const networks: string[] = [];
    const nets = p.networks ?? NONE;
    for (let i = 0; i < nets.length; i++) {
      const id = nets[i]!.node.idInStack;
      networks.push(id);
      edges.push({ to: id, kind: "uses" });
    }
    for (const d of p.dependsOn ?? []) {
      if ("on" in d) edges.push({ to: d.on.node.idInStack, kind: "depends", condition: d.condition ?? "started" });
      else edges.push({ to: d.node.idInStack, kind: "depends", condition: "started" });
    }
    for (const d of this.extraDeps) edges.push({ to: d.on.node.idInStack, kind: "depends", condition: d.condition });

    const ports: WorkloadNode["ports"] = [];
    const portProps = p.ports ?? NONE;
    for (let i = 0; i < portProps.length; i++) {
      const x = portProps[i]!;
      if (typeof x === "number") {
        ports.push({ container: x, protocol: "tcp" });
        continue;
      }
      const protocol = x.protocol ?? "tcp";
      if (x.hostIp) ports.push(x.published ? { container: x.container, hostIp: x.hostIp, protocol, published: x.published } : { container: x.container, hostIp: x.hostIp, protocol });
      else ports.push(x.published ? { container: x.container, protocol, published: x.published } : { container: x.container, protocol });
    }
    const tmpfs: WorkloadNode["tmpfs"] = [];
    for (const t of p.tmpfs ?? []) tmpfs.push(typeof t === "string" ? { path: t } : t.size ? { path: t.path, sizeBytes: t.size.toBytes() } : { path: t.path });
    const r = p.resources;
    const resources: WorkloadNode["resources"] = {};
    if (r) {
      if (r.cpu !== undefined) resources.cpu = r.cpu;
      if (r.cpuReservation !== undefined) resources.cpuReservation = r.cpuReservation;
      if (r.memory) resources.memoryBytes = r.memory.toBytes();
      if (r.memoryReservation) resources.memoryReservationBytes = r.memoryReservation.toBytes();
      if (r.pids !== undefined) resources.pids = r.pids;
    }
    const targetOptions: WorkloadNode["targetOptions"] = {};
    if (p.fargate) targetOptions.fargate = { ...p.fargate };
    if (p.kubernetes) targetOptions.kubernetes = structuredClone(p.kubernetes) as WorkloadNode["targetOptions"]["kubernetes"];
    if (p.swarm) targetOptions.swarm = structuredClone(p.swarm) as WorkloadNode["targetOptions"]["swarm"];
    const singleWriter = volumes.length > 0;
    const order = singleWriter ? "stop-first" : "start-first";

    // Keys in sorted order (see above); the schema's order is only documentation.
    const spec = {} as Mutable<WorkloadNode>;
    spec.binds = binds;
    spec.capabilities = { add: sortNames((p.capabilities?.add ?? NONE).slice()), drop: sortNames((p.capabilities?.drop ?? DROP_ALL).slice()) };
    if (p.command) spec.command = p.command.slice();
    spec.configs = configs;
    spec.defaults = defaultedFields(p, kind, ex);
    spec.devices = (p.devices ?? NONE).slice();
    if (p.entrypoint) spec.entrypoint = p.entrypoint.slice();
    spec.env = env;
    if (p.healthcheck) spec.healthcheck = healthcheck(p.healthcheck);
    spec.hostIpc = p.hostIpc ?? false;
    spec.hostNetwork = p.hostNetwork ?? false;
    spec.hostPid = p.hostPid ?? false;
    spec.image = image;
    spec.init = p.init ?? true;
    if (ex.job) spec.job = ex.job;
    spec.kind = kind;
    spec.labels = { ...(p.labels ?? {}) };
    spec.logging = logging(p.logging);
    spec.networks = networks;
    spec.noNewPrivileges = p.noNewPrivileges ?? true;
    spec.ports = ports;
    spec.privileged = p.privileged ?? false;
    spec.readOnlyRootFilesystem = p.readOnlyRootFilesystem ?? true;
    spec.replicas = ex.replicas;
    spec.resources = resources;
    spec.restart = ex.job?.retries !== undefined && p.restart === undefined ? { maxAttempts: ex.job.retries, policy: "on-failure" } : restart(p.restart, kind);
    if (kind !== "job") spec.rollback = updateConfig(p.rollback, order, "pause");
    if (p.seccompProfile) spec.seccompProfile = p.seccompProfile;
    spec.secrets = secrets;
    if (p.stopGracePeriod) spec.stopGracePeriodMs = p.stopGracePeriod.toMillis();
    spec.targetOptions = targetOptions;
    spec.tmpfs = tmpfs;
    if (kind !== "job") spec.update = updateConfig(p.update, order, "rollback");
    if (p.user) spec.user = p.user;
    spec.volumes = volumes;
    if (p.workingDir) spec.workingDir = p.workingDir;
    return { spec, edges };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The fields synthesis fills with Berth's secure defaults because the program left them out,
 * in sorted order (DefaultedField's order). A Job's restart derived from its `retries` is the
 * program's own, and Jobs have no update or rollback settings at all.
 */
function defaultedFields(p: WorkloadProps, kind: WorkloadKind, ex: WorkloadExtras): DefaultedField[] {
  const out: DefaultedField[] = [];
  if (p.capabilities?.drop === undefined) out.push("capabilities.drop");
  if (p.init === undefined) out.push("init");
  if (p.logging === undefined) out.push("logging");
  if (p.noNewPrivileges === undefined) out.push("noNewPrivileges");
  if (p.readOnlyRootFilesystem === undefined) out.push("readOnlyRootFilesystem");
  if (p.restart === undefined && ex.job?.retries === undefined) out.push("restart");
  if (kind !== "job" && p.rollback === undefined) out.push("rollback");
  if (kind !== "job" && p.update === undefined) out.push("update");
  return out;
}

const DROP_ALL: readonly string[] = ["ALL"];
const NONE: readonly never[] = [];

const TEN_SECONDS_MS = Duration.seconds(10).toMillis();
const FIVE_SECONDS_MS = Duration.seconds(5).toMillis();
const FIFTEEN_SECONDS_MS = Duration.seconds(15).toMillis();

function healthcheck(h: NonNullable<WorkloadProps["healthcheck"]>): NonNullable<WorkloadNode["healthcheck"]> {
  const test = h.command
    ? { command: [...h.command], kind: "command" as const }
    : h.http
      ? { kind: "http" as const, path: h.http.path ?? "/", port: h.http.port }
      : { kind: "tcp" as const, port: h.tcp!.port };
  return {
    intervalMs: h.interval ? h.interval.toMillis() : TEN_SECONDS_MS,
    retries: h.retries ?? 3,
    startPeriodMs: h.startPeriod ? h.startPeriod.toMillis() : 0,
    test,
    timeoutMs: h.timeout ? h.timeout.toMillis() : FIVE_SECONDS_MS,
  };
}

function restart(r: WorkloadProps["restart"], kind: WorkloadKind): NonNullable<WorkloadNode["restart"]> {
  if (r === undefined) return kind === "job" ? { maxAttempts: 3, policy: "on-failure" } : { policy: "unless-stopped" };
  if (typeof r === "string") return { policy: r };
  return { maxAttempts: r.onFailure, policy: "on-failure" };
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

function updateConfig(u: UpdateProps | undefined, order: UpdateConfig["order"], failureAction: UpdateConfig["failureAction"]): UpdateConfig {
  return {
    delayMs: u?.delay ? u.delay.toMillis() : 0,
    failureAction: u?.failureAction ?? failureAction,
    maxFailureRatio: u?.maxFailureRatio ?? 0,
    monitorMs: u?.monitor ? u.monitor.toMillis() : FIFTEEN_SECONDS_MS,
    order: u?.order ?? order,
    parallelism: u?.parallelism ?? 1,
  };
}
