/**
 * Berth's own engine for swarm mode: plan, up, down, ps and logs over the lowered swarm graph
 * (engine/session.ts presents them to the provider seam). It speaks the Docker Engine API through
 * the shared client, and takes the shared stack lock, image handling and secret resolution.
 */
import { BerthError } from "../../sdk/core/errors.ts";
import type { Graph } from "../../sdk/graph/schema.ts";
import { DockerEngineClient, statusOf } from "../shared/docker-api/client.ts";
import { stateDir } from "../shared/state-dir.ts";
import { contextHashes } from "../shared/docker-api/images.ts";
import { acquireStackLock, type LockOptions } from "../shared/engine/file-lock.ts";
import type { SecretSources } from "../shared/secret-values.ts";
import { LABELS } from "../shared/labels.ts";
import type { PsRow } from "../shared/provider.ts";
import { lockPlanApply, withLock } from "../shared/engine/locked-run.ts";
import { unknownWorkload } from "../shared/engine/unknown-workload.ts";
import { applySwarm, retryInUse, type SwarmApplyOptions, type SwarmApplyResult } from "./engine/apply.ts";
import { SwarmClient } from "./engine/client.ts";
import { observeSwarm, planSwarm, serviceNodes, type SwarmPlan } from "./engine/plan.ts";
import { secretVersions } from "./engine/secret-values.ts";
import { lowerSwarm } from "./lower.ts";
import type { SwarmGraph, SwarmServiceNode } from "./target.ts";

export { swarmHasChanges, type SwarmPlan, type SwarmChange } from "./engine/plan.ts";
export { SwarmClient } from "./engine/client.ts";

/**
 * Lowers a portable graph for the engine: build contexts hashed for content tags, secret
 * values hashed for versioned names (`sources` absent: names versioned by the secrets'
 * references, enough for `down`, `ps` and `logs`, which find objects by label).
 */
export function lowerSwarmForEngine(graph: Graph, stackDir: string, sources?: SecretSources): SwarmGraph {
  return lowerSwarm(graph, { stackDir, contextHashes: contextHashes(graph, stackDir), ...(sources ? { secretVersions: secretVersions(graph, sources) } : {}) });
}

/** Options of {@link openSwarmSession}. */
export interface SwarmSessionOptions {
  /** Resolve secret values now (plan and up need them; down, ps and logs do not). @default true */
  readonly resolveSecrets?: boolean;
}

/** An engine session for one swarm stack. */
export interface SwarmSession {
  readonly client: SwarmClient;
  readonly graph: SwarmGraph;
  readonly sources: SecretSources;
}

/** Opens a session; fails clearly when the stack does not target swarm. */
export function openSwarmSession(portable: Graph, stackDir: string, config: (key: string) => string | undefined, options: SwarmSessionOptions = {}): SwarmSession {
  const t = portable.stack.target;
  if (t.kind !== "swarm") {
    throw new BerthError({
      code: "cli.target",
      path: portable.stack.name,
      field: "target",
      found: t.kind,
      message: `Berth's swarm engine drives stacks whose target is Swarm; '${portable.stack.name}' targets ${t.kind}.`,
      fix: "deploy it with the engine of its target",
    });
  }
  const sources: SecretSources = { config, stackDir, env: process.env };
  const graph = lowerSwarmForEngine(portable, stackDir, options.resolveSecrets === false ? undefined : sources);
  return { client: new SwarmClient(new DockerEngineClient(t.host ? { host: t.host } : {})), graph, sources };
}

/** Fails unless the engine is a swarm manager. */
export async function checkSwarmTarget(client: SwarmClient, graph: SwarmGraph): Promise<void> {
  const info = await client.info();
  if (info.Swarm?.LocalNodeState !== "active" || !info.Swarm.ControlAvailable) {
    throw new BerthError({
      code: "engine.not-a-manager",
      path: graph.stack,
      field: "target",
      found: `swarm state: ${info.Swarm?.LocalNodeState ?? "unknown"}${info.Swarm?.ControlAvailable ? "" : ", not a manager"}`,
      message: `Stack '${graph.stack}' targets swarm, but the engine${graph.host ? ` at ${graph.host}` : ""} is not a swarm manager.`,
      fix: "run `docker swarm init --advertise-addr <ip>` on it, or point the Swarm target's host at a manager",
    });
  }
}

/** Observes the stack and diffs it against the graph. */
export async function planSwarmStack(client: SwarmClient, graph: SwarmGraph): Promise<SwarmPlan> {
  return planSwarm(graph, await observeSwarm(client, graph));
}

/** Options of {@link upSwarm}. */
export interface SwarmUpOptions extends Omit<SwarmApplyOptions, "sources"> {
  readonly lock?: LockOptions;
}

/** Path of the stack's lock file (the same one the Docker host engine takes for this stack name). */
export function lockPath(stack: string): string {
  return `${stateDir()}/${stack}.lock`;
}

/** `berth up` on swarm: lock the stack, check, plan, apply, wait for convergence. */
export async function upSwarm(client: SwarmClient, graph: SwarmGraph, sources: SecretSources, options: SwarmUpOptions = {}): Promise<{ plan: SwarmPlan; result: SwarmApplyResult }> {
  await checkSwarmTarget(client, graph);
  return lockPlanApply({
    lock: () => acquireStackLock(lockPath(graph.stack), graph.stack, "berth up", options.lock),
    plan: () => planSwarmStack(client, graph),
    apply: (p) => applySwarm(client, graph, p, { ...options, sources }),
  });
}

/** What `down` removed. */
export interface SwarmDownResult {
  readonly services: readonly string[];
  readonly secrets: readonly string[];
  readonly configs: readonly string[];
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
}

/** `berth down` on swarm: removes every service, secret, config and network the stack owns (by label); volumes only when asked. */
export async function downSwarm(client: SwarmClient, graph: SwarmGraph, options: { volumes?: boolean; lock?: LockOptions } = {}): Promise<SwarmDownResult> {
  return withLock(() => acquireStackLock(lockPath(graph.stack), graph.stack, "berth down", options.lock), async () => {
    const services = await client.listServices(graph.stack);
    await Promise.all(services.map((s) => client.removeService(s.ID, s.Spec.Name)));
    const secrets = await client.listSecrets(graph.stack);
    const configs = await client.listConfigs(graph.stack);
    for (const s of secrets) await retryInUse(() => client.removeSecret("secrets", s.ID, s.Spec.Name));
    for (const c of configs) await retryInUse(() => client.removeSecret("configs", c.ID, c.Spec.Name));
    const networks = await client.engine.listNetworks(graph.stack);
    for (const n of networks) await retryInUse(() => client.engine.removeNetwork(n.Id));
    await untilNetworksGone(client, graph.stack);
    // Swarm keeps the containers of finished replicated-job tasks after their service is gone;
    // they carry the stack's labels, so they are the stack's to remove.
    const leftovers = await client.engine.listContainers(graph.stack);
    for (const c of leftovers) if (c.State !== "running" && c.Labels["com.docker.swarm.service.id"]) await client.engine.removeContainer(c.Id);
    // Task containers stop asynchronously; a volume is free only once they are gone.
    const volumes = options.volumes ? await client.engine.listVolumes(graph.stack) : [];
    for (const v of volumes) await retryInUse(() => client.engine.removeVolume(v.Name));
    return {
      services: services.map((s) => s.Spec.Name).sort(),
      secrets: secrets.map((s) => s.Spec.Name).sort(),
      configs: configs.map((s) => s.Spec.Name).sort(),
      networks: networks.map((n) => n.Name).sort(),
      volumes: volumes.map((v) => v.Name).sort(),
    };
  });
}

/**
 * A removed overlay network stays on this node until the tasks attached to it have stopped;
 * wait for that, so `down` returns with nothing of the stack left.
 */
async function untilNetworksGone(client: SwarmClient, stack: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await client.engine.listNetworks(stack);
    if (left.length === 0 || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `berth ps` on swarm: the stack's current tasks (desired running or complete). */
export async function psSwarm(client: SwarmClient, stack: string): Promise<PsRow[]> {
  const rows: PsRow[] = [];
  for (const s of await client.listServices(stack)) {
    const ports = (s.Spec.EndpointSpec?.Ports ?? []).map((p) => `${p.PublishedPort}->${p.TargetPort}/${p.Protocol} (${p.PublishMode})`);
    for (const t of await client.listTasks(s.ID)) {
      if (t.DesiredState !== "running" && t.DesiredState !== "complete") continue;
      const cid = t.Status.ContainerStatus?.ContainerID;
      const c = cid ? await client.engine.inspectContainer(cid) : undefined;
      rows.push({ name: `${s.Spec.Name}.${t.Slot ?? t.ID.slice(0, 12)}`, node: s.Spec.Labels?.[LABELS.source] ?? "", state: t.Status.State, health: c?.State.Health?.Status ?? "", ports });
    }
  }
  return rows.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The service node of a workload named by id (`Shop/web`) or name (`shop-web`). */
export function swarmService(graph: SwarmGraph, which: string): SwarmServiceNode {
  const all = serviceNodes(graph);
  const found = all.find((n) => n.source === which || n.name === which || n.name === `${graph.stack}-${which}` || n.source.toLowerCase() === which.toLowerCase());
  if (!found) throw unknownWorkload(graph.stack, which, all.map((n) => n.source).sort());
  return found;
}

/** `berth logs` on swarm: the last `tail` lines of each task container of a service on this node, prefixed by task. */
export async function logsSwarm(client: SwarmClient, graph: SwarmGraph, which: string, tail: number): Promise<string> {
  const node = swarmService(graph, which);
  const svc = (await client.listServicesByName(node.name))[0];
  if (!svc) return "";
  const parts: string[] = [];
  const tasks = (await client.listTasks(svc.ID)).filter((t) => t.Status.ContainerStatus?.ContainerID).sort((a, b) => (a.CreatedAt < b.CreatedAt ? -1 : 1));
  for (const t of tasks) {
    const text = await client.engine.logs(t.Status.ContainerStatus!.ContainerID!, tail).catch((e: unknown) => {
      if (statusOf(e) === 404) return "";
      throw e;
    });
    const lines = text.split("\n").filter((l, i, a) => l !== "" || i < a.length - 1);
    parts.push(...lines.map((l) => `${node.name}.${t.Slot ?? t.ID.slice(0, 12)} | ${l}`));
  }
  return parts.join("\n");
}
