/**
 * Berth's own engine for a Docker host: plan, up, down, ps, logs and run over
 * the lowered graph, through {@link DockerEngineClient} only.
 */
import { randomBytes } from "node:crypto";
import type { Writable } from "node:stream";
import { BerthError } from "../../../sdk/core/errors.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import type { PsRow } from "../../shared/provider.ts";
import { stateDir } from "../../shared/state-dir.ts";
import { lockPlanApply, withLock } from "../../shared/engine/locked-run.ts";
import { unknownWorkload } from "../../shared/engine/unknown-workload.ts";
import { lowerDocker } from "../lower.ts";
import { LABELS, type DockerContainerNode, type DockerFileNode, type DockerGraph } from "../target.ts";
import { apply, type ApplyOptions, type ApplyResult } from "./apply.ts";
import { messageOf, statusOf, type DockerEngineClient } from "../../shared/docker-api/client.ts";
import { assertLocalFiles, removeFiles, writeFileNode } from "./files.ts";
import { contextHashes, ensureImage } from "../../shared/docker-api/images.ts";
import { acquireStackLock, type LockOptions } from "../../shared/engine/file-lock.ts";
import { observe } from "./observe.ts";
import { plan, type Plan } from "./plan.ts";
import type { SecretSources } from "../../shared/secret-values.ts";

export { stateDir };

/** Lowers a portable graph for the engine: build contexts are hashed for content tags. */
export function lowerForEngine(graph: Graph, stackDir: string): DockerGraph {
  return lowerDocker(graph, { stackDir, stateDir: stateDir(), contextHashes: contextHashes(graph, stackDir) });
}

/** Observes the stack and diffs it against the graph. */
export async function planStack(client: DockerEngineClient, graph: DockerGraph, sources: SecretSources): Promise<Plan> {
  return plan(graph, await observe(client, graph, sources));
}

/** Options of {@link up}. */
export interface UpOptions extends Omit<ApplyOptions, "sources"> {
  readonly lock?: LockOptions;
}

/**
 * `berth up`: lock the stack, plan, apply. The policy gate (portable and target rules, with the
 * stack's waivers) runs before this, in the caller: the CLI's `up` or `checkGraph`.
 */
export async function up(client: DockerEngineClient, graph: DockerGraph, sources: SecretSources, options: UpOptions = {}): Promise<{ plan: Plan; result: ApplyResult }> {
  assertLocalFiles(graph);
  return lockPlanApply({
    lock: () => acquireStackLock(`${graph.filesDir}.lock`, graph.stack, "berth up", options.lock),
    plan: () => planStack(client, graph, sources),
    apply: (p) => apply(client, graph, p, { ...options, sources }),
  });
}

/** What `down` removed. */
export interface DownResult {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
}

/** `berth down`: removes every object the stack owns (by label) and its files; volumes only when asked. */
export async function down(client: DockerEngineClient, graph: DockerGraph, options: { volumes?: boolean; lock?: LockOptions } = {}): Promise<DownResult> {
  return withLock(() => acquireStackLock(`${graph.filesDir}.lock`, graph.stack, "berth down", options.lock), async () => {
    const containers = await client.listContainers(graph.stack);
    await Promise.all(containers.map((c) => client.stopAndRemoveContainer(c.Id)));
    const networks = await client.listNetworks(graph.stack);
    for (const n of networks) await client.removeNetwork(n.Id);
    const volumes = options.volumes ? await client.listVolumes(graph.stack) : [];
    for (const v of volumes) await client.removeVolume(v.Name);
    removeFiles(graph.filesDir);
    return {
      containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, "")).sort(),
      networks: networks.map((n) => n.Name).sort(),
      volumes: volumes.map((v) => v.Name).sort(),
    };
  });
}

export type { PsRow };

/** `berth ps`: the stack's containers. */
export async function ps(client: DockerEngineClient, stack: string): Promise<PsRow[]> {
  const list = await client.listContainers(stack);
  return list
    .map((c) => ({
      name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
      node: c.Labels[LABELS.source] ?? "",
      state: c.State,
      health: /\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1] ?? "",
      ports: (c.Ports ?? []).filter((p) => p.PublicPort).map((p) => `${p.IP}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The container nodes of a workload named by id (`Shop/web`) or name (`shop-web`). */
export function workloadContainers(graph: DockerGraph, which: string): DockerContainerNode[] {
  const all = graph.nodes.filter((n): n is DockerContainerNode => n.kind === "docker.container");
  const found = all.filter((n) => n.source === which || n.name.replace(/-\d+$/, "") === `${graph.stack}-${which}` || n.source.toLowerCase() === which.toLowerCase());
  if (found.length === 0) throw unknownWorkload(graph.stack, which, [...new Set(all.map((n) => n.source))].sort());
  return found;
}

/** `berth logs`: the last `tail` lines of each container of a workload, prefixed when there are several. */
export async function logs(client: DockerEngineClient, graph: DockerGraph, which: string, tail: number): Promise<string> {
  const nodes = workloadContainers(graph, which);
  const parts: string[] = [];
  for (const n of nodes) {
    const text = await client.logs(n.name, tail).catch((e: unknown) => {
      if (statusOf(e) === 404) return "";
      throw e;
    });
    const lines = text.split("\n").filter((l, i, a) => l !== "" || i < a.length - 1);
    parts.push(...(nodes.length > 1 ? lines.map((l) => `${n.name} | ${l}`) : lines));
  }
  return parts.join("\n");
}

/**
 * `berth run <service> -- <cmd>`: a one-off container with the service's image, env, secrets
 * and networks (no published ports, no restarts), attached to stdout/stderr, removed after.
 * Returns the command's exit code.
 */
export async function runOneOff(
  client: DockerEngineClient,
  graph: DockerGraph,
  sources: SecretSources,
  which: string,
  cmd: readonly string[],
  io: { stdout: Writable; stderr: Writable },
): Promise<number> {
  assertLocalFiles(graph);
  const node = workloadContainers(graph, which)[0]!;
  for (const net of Object.keys(node.create.NetworkingConfig.EndpointsConfig)) {
    if ((await client.listNetworksByName(net)).length === 0) {
      throw new BerthError({
        code: "engine.not-deployed",
        path: node.path,
        field: "networks",
        found: net,
        message: `Network '${net}' does not exist, so '${node.source}' cannot run yet.`,
        fix: "run `berth up <stackdir>` first",
      });
    }
  }
  const image = graph.nodes.find((n) => n.kind === "docker.image" && n.id === node.image);
  if (image?.kind === "docker.image") await ensureImage(client, graph, image);
  for (const f of graph.nodes.filter((n): n is DockerFileNode => n.kind === "docker.file" && node.files.includes(n.id))) writeFileNode(f, sources);

  const name = `${node.name.replace(/-\d+$/, "")}-run-${randomBytes(3).toString("hex")}`;
  // No network aliases: the one-off must not receive the service's traffic.
  const [first, ...rest] = Object.keys(node.create.NetworkingConfig.EndpointsConfig);
  const { Healthcheck: _h, ...base } = node.create;
  void _h;
  const id = await client.createContainer(name, {
    ...base,
    Cmd: [...cmd],
    AttachStdout: true,
    AttachStderr: true,
    // Owned (labelled) so an interrupted run leaves an orphan the next `up` removes.
    Labels: { ...node.create.Labels, [LABELS.node]: `${node.source}#run`, [LABELS.specHash]: "run" },
    HostConfig: { ...node.create.HostConfig, PortBindings: {}, RestartPolicy: { Name: "no", MaximumRetryCount: 0 } },
    NetworkingConfig: { EndpointsConfig: first ? { [first]: { Aliases: [] } } : {} },
  } as never);
  try {
    for (const net of rest) await client.connectNetwork(net, id, []);
    const container = client.docker.getContainer(id);
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const ended = new Promise<void>((resolve) => stream.on("end", resolve));
    client.docker.modem.demuxStream(stream, io.stdout, io.stderr);
    await client.startContainer(id);
    const result = (await container.wait()) as { StatusCode: number };
    await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
    return result.StatusCode;
  } catch (e) {
    throw new BerthError({ code: "engine.run", path: node.path, field: "command", found: cmd.join(" "), message: `Could not run the one-off container: ${messageOf(e)}` });
  } finally {
    await client.removeContainer(id);
  }
}
