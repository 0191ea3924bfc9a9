/**
 * The small swarm stack the lowering, Pulumi and export tests share: an overlay network, a
 * volume, a secret and a config, a migration job, a 2-replica HTTP service with a healthcheck,
 * limits and reservations that waits for the job, and a database pinned to its volume.
 */
import { Config, Duration, Image, Job, Network, Secret, Service, Size, Stack, StackConfig, Swarm, Volume, synth } from "../../../sdk/index.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { lowerSwarm, type LowerSwarmOptions } from "../../../providers/swarm/lower.ts";
import type { SwarmGraph, SwarmServiceNode } from "../../../providers/swarm/target.ts";

/** A secret value that must never appear in a target graph, a plan or an export. */
export const CANARY = "canary-5e2d-never-in-swarm-graphs";
export const DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/** Options of {@link smallSwarmPortable}. */
export interface SmallOptions {
  readonly publishMode?: "ingress" | "host";
  readonly replicas?: number;
  readonly motd?: string;
}

/** Synthesizes the small swarm stack. */
export function smallSwarmPortable(o: SmallOptions = {}): Graph {
  const stack = new Stack("tiny", { environment: "dev", target: new Swarm(), config: StackConfig.from({ apiKey: CANARY, motd: o.motd ?? "hello" }) });
  const net = new Network(stack, "backend");
  const data = new Volume(stack, "data", { size: Size.mebibytes(64) });
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
    volumes: [{ volume: data, path: "/data" }],
    networks: [net],
    user: "1000:1000",
    resources: { cpu: 0.25, memory: Size.mebibytes(32) },
  });
  new Service(stack, "api", {
    image: base,
    command: ["httpd", "-f", "-p", "8080"],
    replicas: o.replicas ?? 2,
    ports: [{ container: 8080, published: 18080 }],
    env: { DB: db.hostname, LEVEL: "debug" },
    secrets: { api_key: Secret.fromConfig("apiKey") },
    configs: { "/etc/motd": Config.fromConfig("motd") },
    tmpfs: ["/tmp"],
    networks: [net],
    healthcheck: { http: { port: 8080, path: "/" }, interval: Duration.seconds(2) },
    dependsOn: [{ on: migrate, condition: "completed" }],
    resources: { cpu: 0.5, memory: Size.mebibytes(32), cpuReservation: 0.1, memoryReservation: Size.mebibytes(16), pids: 64 },
    user: "1000:1000",
    stopGracePeriod: Duration.seconds(5),
    update: { delay: Duration.seconds(1), monitor: Duration.seconds(5) },
    swarm: { constraints: ["node.platform.os==linux"], preferences: ["node.labels.zone"], ...(o.publishMode ? { publishMode: o.publishMode } : {}) },
  });
  return synth(stack);
}

/** Lowers the small swarm stack. */
export function smallSwarmGraph(o: SmallOptions = {}, lower: LowerSwarmOptions = {}): SwarmGraph {
  return lowerSwarm(smallSwarmPortable(o), lower);
}

/** A service node by id. */
export function serviceNode(g: SwarmGraph, id: string): SwarmServiceNode {
  const n = g.nodes.find((x) => x.id === id);
  if (!n || n.kind !== "swarm.service") throw new Error(`no service ${id}`);
  return n;
}
