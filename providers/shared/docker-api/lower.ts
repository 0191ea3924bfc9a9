/**
 * Lowering pieces the Docker host and swarm targets share: both run the same images with the
 * same env and healthcheck semantics, so both lower them here, once.
 */
import { resolve } from "node:path";
import type { EnvValue, Graph, GraphNode, HealthTest } from "../../../sdk/graph/schema.ts";
import type { EngineHealthcheck } from "../target.ts";
import type { DockerImageNode } from "./image-node.ts";

const NS = 1_000_000;

/** Where build contexts live and how they hash. */
export interface ImageLoweringOptions {
  /** Directory build contexts are relative to. @default "." */
  readonly stackDir?: string;
  /** Content hash of each build context by image node id. @default - the image node's spec hash */
  readonly contextHashes?: Readonly<Record<string, string>>;
}

/**
 * An image node without its hash: pulled (by digest when pinned) or built, tagged by the
 * context's content hash, pushed when the image names a repository or the target a registry.
 * Without a registry the tag is local to the engine: fine on one host or one swarm node.
 */
export function lowerImageFields(n: GraphNode, graph: Graph, options: ImageLoweringOptions): Omit<DockerImageNode, "hash"> {
  if (n.spec.kind !== "image") throw new Error(`lowerImageFields: ${n.id} is not an image`);
  const src = n.spec.source;
  const base = { kind: "docker.image" as const, id: n.id, source: n.id, path: n.path, name: n.name };
  if (src.kind === "registry") {
    // Pinned images are referenced by digest alone: the tag is informational once pinned.
    const ref = src.ref.digest ? `${src.ref.registry}/${src.ref.repository}@${src.ref.digest}` : src.reference;
    return { ...base, ref, action: { kind: "pull" } };
  }
  const registry = graph.stack.target.registry;
  const short = n.name.replace(/^image-/, "");
  const repository = src.repository ?? (registry ? `${registry}/${graph.stack.name}/${short}` : `berth-${graph.stack.name}/${short}`);
  const tag = (options.contextHashes?.[n.id] ?? n.hash).slice(0, 16);
  return {
    ...base,
    ref: `${repository}:${tag}`,
    action: {
      kind: "build",
      context: resolve(options.stackDir ?? ".", src.context),
      dockerfile: src.dockerfile,
      args: { ...src.args },
      ...(src.target ? { target: src.target } : {}),
      push: Boolean(src.repository ?? registry),
    },
  };
}

/** An env value as the process sees it; a hostname reference is the node's network alias. */
export function lowerEnvValue(v: EnvValue, byId: ReadonlyMap<string, GraphNode>): string {
  if (v.kind === "ref") {
    const node = byId.get(v.node);
    if (!node) throw new Error(`lowering: env refers to unknown node ${v.node}`);
    return node.name;
  }
  return v.value;
}

/** The Engine API healthcheck (durations in nanoseconds), for containers and swarm tasks alike. */
export function lowerHealthcheck(test: HealthTest, h: { intervalMs: number; timeoutMs: number; retries: number; startPeriodMs: number }): EngineHealthcheck {
  // http and tcp checks run inside the container: the image must ship wget and nc (busybox does).
  // Debian's busybox nc has no -z; a plain connect with stdin at EOF exits 0 once connected.
  const t =
    test.kind === "command"
      ? ["CMD", ...test.command]
      : test.kind === "http"
        ? ["CMD-SHELL", `wget -q -O /dev/null http://127.0.0.1:${test.port}${test.path.startsWith("/") ? "" : "/"}${test.path} || exit 1`]
        : ["CMD-SHELL", `nc -z 127.0.0.1 ${test.port} 2>/dev/null || nc -w 2 127.0.0.1 ${test.port} </dev/null >/dev/null || exit 1`];
  return { Test: t, Interval: h.intervalMs * NS, Timeout: h.timeoutMs * NS, Retries: h.retries, StartPeriod: h.startPeriodMs * NS };
}

/** The numeric uid/gid of a `user` value; names (and absent users) give 0, since only numbers are known without the image. */
export function numericUser(user: string | undefined): { uid: number; gid: number } {
  const [u = "", g] = (user ?? "").split(":");
  const uid = /^\d+$/.test(u) ? Number(u) : 0;
  const gid = g !== undefined && /^\d+$/.test(g) ? Number(g) : uid;
  return { uid, gid };
}
