/**
 * The three realizers of the Docker host target agree by construction: the engine sends each
 * container node's `create` body as is, so for one graph the Pulumi inputs and the compose
 * export (as docker-compose 1.29 canonicalizes it) must describe the same containers. Each
 * side is mapped to one normalized form; the only differences allowed are the fields
 * pulumiGaps() reports for @pulumi/docker.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportComposeFiles } from "../../../providers/docker/export.ts";
import { realizeDockerWithPulumi } from "../../../providers/docker/pulumi.ts";
import { pulumiGaps, type PulumiGap } from "../../../providers/docker/pulumi-args.ts";
import type { DockerContainerNode, DockerGraph } from "../../../providers/docker/target.ts";
import { recordPulumi, settled, type Registered } from "../../support/pulumi-mocks.ts";
import { loadStack } from "../../../cli/load-stack.ts";
import { lowerDocker } from "../../../providers/docker/lower.ts";
import { CANARY, smallDockerGraph } from "./fixture-graph.ts";

/** One container, as every realizer must make it. Optional fields are absent when unset. */
interface Normal {
  name: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  env: string[];
  user?: string;
  ports: string[];
  mounts: string[];
  files: string[];
  networks: Record<string, string[]>;
  healthcheck?: { test: string[]; intervalNs: number; timeoutNs: number; retries: number; startPeriodNs: number };
  restart: string;
  readOnly: boolean;
  tmpfs: Record<string, string>;
  capDrop: string[];
  capAdd: string[];
  securityOpt: string[];
  init: boolean;
  log: { driver: string; options: Record<string, string> };
  memory?: number;
  memoryReservation?: number;
  nanoCpus?: number;
  pidsLimit?: number;
  stopTimeout?: number;
  privileged: boolean;
}

const MIB = 1024 * 1024;
const sortedStrings = (xs: readonly string[]) => [...xs].sort();
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Parses Go/compose durations (`2s`, `1500ms`, `0h`, `1m30s`) to nanoseconds. */
function ns(d: string): number {
  const unit: Record<string, number> = { h: 3.6e12, m: 6e10, s: 1e9, ms: 1e6, us: 1e3, ns: 1 };
  let total = 0;
  for (const [, n, u] of d.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|ns|m|s)/g)) total += Number(n) * unit[u!]!;
  return total;
}

/** NanoCpus for the provider's `cpus` decimal string, digit by digit (no float rounding). */
function nanoCpus(cpus: string): number {
  const [whole, fraction = ""] = cpus.split(".");
  return Number(whole) * 1e9 + Number(fraction.padEnd(9, "0"));
}

/** The engine's side: the create body it sends. */
function fromCreate(node: DockerContainerNode, fileMounts: ReadonlySet<string>): Normal {
  const c = node.create;
  const h = c.HostConfig;
  return defined({
    name: node.name,
    image: c.Image,
    command: c.Cmd,
    entrypoint: c.Entrypoint,
    env: sortedStrings(c.Env),
    user: c.User,
    ports: sortedStrings(Object.entries(h.PortBindings).flatMap(([k, bs]) => bs.map((b) => `${b.HostIp}:${b.HostPort}:${k}`))),
    mounts: sortedStrings(h.Mounts.filter((m) => !fileMounts.has(m.Source)).map((m) => `${m.Type}:${m.Source}:${m.Target}:${m.ReadOnly ? "ro" : "rw"}`)),
    files: sortedStrings(h.Mounts.filter((m) => fileMounts.has(m.Source)).map((m) => m.Target)),
    networks: Object.fromEntries(Object.entries(c.NetworkingConfig.EndpointsConfig).map(([n, e]) => [n, e.Aliases])),
    healthcheck: c.Healthcheck && { test: c.Healthcheck.Test, intervalNs: c.Healthcheck.Interval, timeoutNs: c.Healthcheck.Timeout, retries: c.Healthcheck.Retries, startPeriodNs: c.Healthcheck.StartPeriod },
    restart: `${h.RestartPolicy.Name}:${h.RestartPolicy.MaximumRetryCount}`,
    readOnly: h.ReadonlyRootfs,
    tmpfs: h.Tmpfs,
    capDrop: h.CapDrop,
    capAdd: h.CapAdd,
    securityOpt: h.SecurityOpt,
    init: h.Init,
    log: { driver: h.LogConfig.Type, options: h.LogConfig.Config },
    memory: h.Memory,
    memoryReservation: h.MemoryReservation,
    nanoCpus: h.NanoCpus,
    pidsLimit: h.PidsLimit,
    stopTimeout: c.StopTimeout,
    privileged: h.Privileged,
  });
}

/** Pulumi's side: the docker.Container inputs, with the HostFile resources as the files. */
function fromPulumi(inputs: Record<string, any>, hostFiles: ReadonlyMap<string, string>): Normal {
  const mounts = (inputs.mounts ?? []) as { type: string; source: string; target: string; readOnly: boolean }[];
  const hc = inputs.healthcheck;
  return defined({
    name: inputs.name,
    image: inputs.image,
    command: inputs.command,
    entrypoint: inputs.entrypoints,
    env: sortedStrings(inputs.envs ?? []),
    user: inputs.user,
    ports: sortedStrings((inputs.ports ?? []).map((p: any) => `${p.ip}:${p.external}:${p.internal}/${p.protocol}`)),
    mounts: sortedStrings(mounts.filter((m) => !hostFiles.has(m.source)).map((m) => `${m.type}:${m.source}:${m.target}:${m.readOnly ? "ro" : "rw"}`)),
    files: sortedStrings(mounts.filter((m) => hostFiles.has(m.source) && m.readOnly && m.type === "bind").map((m) => m.target)),
    networks: Object.fromEntries((inputs.networksAdvanced ?? []).map((n: any) => [n.name, n.aliases])),
    healthcheck: hc && { test: hc.tests, intervalNs: ns(hc.interval), timeoutNs: ns(hc.timeout), retries: hc.retries, startPeriodNs: ns(hc.startPeriod) },
    restart: `${inputs.restart}:${inputs.maxRetryCount ?? 0}`,
    readOnly: inputs.readOnly,
    tmpfs: inputs.tmpfs,
    capDrop: inputs.capabilities.drops,
    capAdd: inputs.capabilities.adds,
    securityOpt: inputs.securityOpts,
    init: inputs.init,
    log: { driver: inputs.logDriver, options: inputs.logOpts },
    memory: inputs.memory === undefined ? undefined : inputs.memory * MIB,
    memoryReservation: inputs.memoryReservation === undefined ? undefined : inputs.memoryReservation * MIB,
    nanoCpus: inputs.cpus === undefined ? undefined : nanoCpus(inputs.cpus),
    stopTimeout: inputs.stopTimeout,
    privileged: inputs.privileged,
  });
}

/** Compose's side: a service of `docker-compose config` output. */
function fromCompose(s: Record<string, any>): Normal {
  const hc = s.healthcheck;
  const [restart, max = "0"] = String(s.restart).split(":");
  return defined({
    name: s.container_name,
    image: s.image,
    command: s.command,
    entrypoint: s.entrypoint,
    env: sortedStrings(Object.entries(s.environment ?? {}).map(([k, v]) => `${k}=${v}`)),
    user: s.user,
    ports: sortedStrings(s.ports ?? []),
    mounts: sortedStrings((s.volumes ?? []).map((v: any) => `${v.type}:${v.source}:${v.target}:${v.read_only ? "ro" : "rw"}`)),
    files: sortedStrings((s.secrets ?? []).map((x: any) => x.target)),
    networks: Object.fromEntries(Object.entries(s.networks ?? {}).map(([n, e]: [string, any]) => [n, e.aliases])),
    healthcheck: hc && { test: hc.test, intervalNs: ns(hc.interval), timeoutNs: ns(hc.timeout), retries: hc.retries, startPeriodNs: ns(hc.start_period) },
    restart: `${restart}:${max}`,
    readOnly: s.read_only ?? false,
    tmpfs: Object.fromEntries((s.tmpfs ?? []).map((t: string) => [t.split(":")[0], t.split(":").slice(1).join(":")])),
    capDrop: s.cap_drop ?? [],
    capAdd: s.cap_add ?? [],
    securityOpt: s.security_opt ?? [],
    init: s.init ?? false,
    log: { driver: s.logging.driver, options: s.logging.options ?? {} },
    memory: s.mem_limit,
    memoryReservation: s.mem_reservation,
    nanoCpus: s.cpus === undefined ? undefined : Math.round(s.cpus * 1e9),
    pidsLimit: s.pids_limit,
    stopTimeout: s.stop_grace_period === undefined ? undefined : ns(s.stop_grace_period) / 1e9,
    privileged: s.privileged ?? false,
  });
}

/** Field of {@link Normal} each gap removes from what Pulumi can express (or rounds). */
const GAP_FIELD: Record<string, keyof Normal | undefined> = {
  "HostConfig.PidsLimit": "pidsLimit",
  "HostConfig.Memory": "memory",
  "HostConfig.MemoryReservation": "memoryReservation",
};

/** A normalized container without the fields the node's reported gaps cover. */
function withoutGaps(n: Normal, gaps: readonly PulumiGap[]): Record<string, unknown> {
  const out = { ...n } as unknown as Record<string, unknown>;
  for (const gap of gaps) {
    const field = GAP_FIELD[gap.field];
    if (field) delete out[field];
  }
  return out;
}

const GRAPHS: [string, () => Promise<DockerGraph>, string, Record<string, string>][] = [
  ["the small test graph", async () => smallDockerGraph(), "tiny", { "tiny:apiKey": CANARY }],
  [
    "the shop dev stack",
    async () => {
      const { graph, dir } = await loadStack(resolve(import.meta.dirname, "../../../stacks/dev"));
      return lowerDocker(graph, { stackDir: dir });
    },
    "shop",
    { "shop:dbPassword": CANARY },
  ],
];

describe.each(GRAPHS)("the engine, Pulumi and the compose export agree on %s", (_name, load, project, config) => {
  let g: DockerGraph;
  let registered: Registered[];
  let composed: Record<string, any>;
  let dir: string;
  const containers = () => g.nodes.filter((n): n is DockerContainerNode => n.kind === "docker.container");
  const fileMounts = () => new Set(g.nodes.flatMap((n) => (n.kind === "docker.file" ? [n.hostPath] : [])));

  beforeAll(async () => {
    g = await load();
    registered = recordPulumi(project, "dev", config, Object.keys(config));
    await settled(realizeDockerWithPulumi(g, { onGap: () => undefined }).resources.values());
    dir = mkdtempSync(join(tmpdir(), "berth-agree-"));
    const out = exportComposeFiles(g);
    writeFileSync(join(dir, "compose.yaml"), out.compose);
    mkdirSync(join(dir, "secrets"));
    for (const p of Object.keys(out.secrets)) writeFileSync(join(dir, p), "placeholder");
    composed = parse(execFileSync("docker-compose", ["-f", join(dir, "compose.yaml"), "config"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("Pulumi's container inputs equal the engine's create bodies, except the reported provider gaps", () => {
    const hostFiles = new Map(registered.filter((r) => r.type.endsWith("HostFile")).map((r) => [r.inputs.hostPath as string, r.name]));
    const gaps = pulumiGaps(g);
    for (const node of containers()) {
      const nodeGaps = gaps.filter((x) => x.node === node.id);
      const pulumi = fromPulumi(registered.find((r) => r.name === node.id)!.inputs, hostFiles);
      expect(withoutGaps(pulumi, nodeGaps)).toEqual(withoutGaps(fromCreate(node, fileMounts()), nodeGaps));
    }
  });

  it("every secret file the engine writes is a Pulumi HostFile with the same path, owner and mode", () => {
    const files = g.nodes.filter((n) => n.kind === "docker.file");
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = registered.find((x) => x.name === f.id)!;
      expect([r.inputs.hostPath, r.inputs.uid, r.inputs.gid, r.inputs.mode]).toEqual([f.hostPath, f.uid, f.gid, f.mode]);
    }
  });

  it("the compose export, as docker-compose 1.29 reads it, equals the engine's create bodies", () => {
    expect(Object.keys(composed.services).sort()).toEqual(containers().map((c) => c.name).sort());
    for (const node of containers()) expect(fromCompose(composed.services[node.name])).toEqual(fromCreate(node, fileMounts()));
  });

  it("the compose export equals the Pulumi inputs on every field Pulumi can express", () => {
    const hostFiles = new Map(registered.filter((r) => r.type.endsWith("HostFile")).map((r) => [r.inputs.hostPath as string, r.name]));
    const gaps = pulumiGaps(g);
    for (const node of containers()) {
      const nodeGaps = gaps.filter((x) => x.node === node.id);
      const pulumi = fromPulumi(registered.find((r) => r.name === node.id)!.inputs, hostFiles);
      expect(withoutGaps(pulumi, nodeGaps)).toEqual(withoutGaps(fromCompose(composed.services[node.name]), nodeGaps));
    }
  });
});
