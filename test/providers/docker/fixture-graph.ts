/**
 * The small Docker host graph the Pulumi, export and agreement tests share: a network, a
 * volume, a pinned registry image and a built one, a job, a service with a secret, a published
 * port, a healthcheck, limits and a `completed` dependency on the job, and a two-replica worker
 * that waits for the service to be healthy. The lowering tests build on its core,
 * {@link addApiBehindJob}.
 */
import { resolve } from "node:path";
import { DockerHost, Duration, Image, Job, Network, Secret, Service, Size, Stack, StackConfig, Volume, synth } from "../../../sdk/index.ts";
import { lowerDocker } from "../../../providers/docker/lower.ts";
import type { DockerContainerNode, DockerGraph } from "../../../providers/docker/target.ts";

/** A secret value that must never appear anywhere but a Pulumi secret or the file on the host. */
export const CANARY = "canary-9f1c-never-in-exports";
export const DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
/** Where build contexts are relative to. */
export const STACK_DIR = resolve(import.meta.dirname, "../../../examples/shop");

/** Options of {@link addApiBehindJob}. */
export interface ApiBehindJobOptions {
  readonly jobImage: Image;
  readonly apiImage: Image;
  /** @default 1 */
  readonly replicas?: number;
  /** The host port of the api's 8080. @default 18080 */
  readonly published?: number;
  /** @default 0.5 */
  readonly cpu?: number;
}

/**
 * Adds the part the small Docker stacks share: network `backend`, a 64 MiB volume `data`, a job
 * `migrate`, and a service `api` (busybox httpd on 8080) with the secret `apiKey`, the volume,
 * a healthcheck and limits, which starts once the job has completed.
 */
export function addApiBehindJob(stack: Stack, o: ApiBehindJobOptions): { net: Network; api: Service } {
  const net = new Network(stack, "backend");
  const data = new Volume(stack, "data", { size: Size.mebibytes(64) });
  const migrate = new Job(stack, "migrate", {
    image: o.jobImage,
    command: ["true"],
    networks: [net],
    user: "1000:1000",
    resources: { cpu: 0.1, memory: Size.mebibytes(16) },
  });
  const api = new Service(stack, "api", {
    image: o.apiImage,
    command: ["httpd", "-f", "-p", "8080"],
    replicas: o.replicas ?? 1,
    ports: [{ container: 8080, published: o.published ?? 18080 }],
    env: { PEER: migrate.hostname, LEVEL: "debug" },
    secrets: { api_key: Secret.fromConfig("apiKey") },
    volumes: [{ volume: data, path: "/data" }],
    tmpfs: ["/tmp"],
    networks: [net],
    healthcheck: { http: { port: 8080, path: "/" }, interval: Duration.seconds(2) },
    dependsOn: [{ on: migrate, condition: "completed" }],
    resources: { cpu: o.cpu ?? 0.5, memory: Size.mebibytes(32), pids: 64 },
    user: "1000:1000",
  });
  return { net, api };
}

/** Lowers the small stack (state under /srv/berth). */
export function smallDockerGraph(): DockerGraph {
  const stack = new Stack("tiny", {
    environment: "dev",
    target: new DockerHost({ bindAddress: "127.0.0.1" }),
    config: StackConfig.from({ apiKey: CANARY }),
  });
  const base = Image.fromRegistry(`berth-local/busybox:1@${DIGEST}`);
  const { net, api } = addApiBehindJob(stack, { jobImage: Image.fromBuild({ context: "./web", args: { MODE: "fast" } }), apiImage: base });
  new Service(stack, "worker", {
    image: base,
    command: ["sleep", "3600"],
    replicas: 2,
    env: { API: api.hostname },
    networks: [net],
    dependsOn: [{ on: api, condition: "healthy" }],
    resources: { cpu: 0.25, memory: Size.mebibytes(8) },
    user: "1000:1000",
  });
  return lowerDocker(synth(stack), { stackDir: STACK_DIR, stateDir: "/srv/berth" });
}

/** A container node by id. */
export function containerNode(g: DockerGraph, id: string): DockerContainerNode {
  const n = g.nodes.find((x) => x.id === id);
  if (!n || n.kind !== "docker.container") throw new Error(`no container ${id}`);
  return n;
}
