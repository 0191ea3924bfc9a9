/**
 * Applying a plan: owned orphans and replaced networks go first, then every node in dependency
 * order with bounded parallelism (a node starts once its dependencies reached their edge
 * conditions), then orphan networks and files. On the first failure nothing new starts,
 * in-flight calls complete, and the error names the node, the reason and its last log lines.
 */
import type Docker from "dockerode";
import { ApplyRun, Skipped, type ApplyResult, type ApplyRunOptions } from "../../shared/engine/apply-run.ts";
import { dependencyOrder } from "../../shared/engine/dependency-order.ts";
import { LABELS, type DockerContainerNode, type DockerGraph, type DockerNetworkNode, type DockerNode } from "../target.ts";
import { messageOf, statusOf, type DockerEngineClient } from "../../shared/docker-api/client.ts";
import { removeFiles, writeFileNode } from "./files.ts";
import { ensureImage } from "../../shared/docker-api/images.ts";
import type { Change, Plan } from "./plan.ts";
import type { SecretSources } from "../../shared/secret-values.ts";
import { waitFor, type WaitCondition } from "./wait.ts";

export type { ProgressEvent } from "../../shared/engine/progress-event.ts";
export type { ApplyResult } from "../../shared/engine/apply-run.ts";

/** Options of {@link apply}. */
export interface ApplyOptions extends ApplyRunOptions {
  readonly sources: SecretSources;
  /** Upper bound on waiting for a container to run or be healthy. @default 120 s */
  readonly timeoutMs?: number;
  /** Upper bound on a job without its own deadline. @default 10 min */
  readonly jobTimeoutMs?: number;
}

/** Applies a plan made for `graph`. Throws a `BerthError` naming every node that failed. */
export async function apply(client: DockerEngineClient, graph: DockerGraph, plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const run = new ApplyRun(options);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const changeOf = new Map<string, Change>();
  for (const c of plan.changes) if (c.op !== "delete" && byId.has(c.id)) changeOf.set(c.id, c);

  const fail = (node: DockerNode, reason: string, logs?: string): void => {
    run.fail(node, reason, logs ? { heading: "Last log lines", lines: logs.split("\n") } : undefined);
    run.emit({ id: node.id, kind: node.kind, name: node.name, op: changeOf.get(node.id)?.op ?? "noop", status: "failed", detail: reason });
  };
  const emitDone = (c: Change): void => run.done({ id: c.id, kind: c.kind, name: c.name, op: c.op, status: "done", detail: c.fields.join(", ") });

  // ---------------------------------------------------------------- phase 1: removals that must come first
  const early = plan.changes.filter((c) => c.op === "delete" && c.kind === "docker.container");
  const replacedNets = plan.changes.filter((c) => c.op === "replace" && c.kind === "docker.network" && c.liveId);
  const dupNets = plan.changes.filter((c) => c.op === "delete" && c.kind === "docker.network" && byId.has(c.id));
  await Promise.all(early.map((c) => run.step(() => client.stopAndRemoveContainer(c.liveId!)).then(() => emitDone(c))));
  for (const c of replacedNets) {
    // A network in use cannot be removed: its containers are replaced anyway (the plan says so).
    const attached = plan.changes.filter((x) => x.kind === "docker.container" && x.op === "replace" && x.fields.some((f) => f === `network ${c.name} replaced`) && x.liveId);
    await Promise.all(attached.map((x) => run.step(() => client.stopAndRemoveContainer(x.liveId!))));
    await run.step(() => client.removeNetwork(c.liveId!));
  }
  await Promise.all(dupNets.map((c) => run.step(() => client.removeNetwork(c.liveId!)).then(() => emitDone(c))));

  // ---------------------------------------------------------------- phase 2: the graph
  // Containers join networks by id: dockerd's duplicate-name check is best effort, and a run
  // killed mid-create can leave a second network of the same name that a name would not pick.
  const networkIds = new Map<string, string>();
  for (const c of plan.changes) if (c.kind === "docker.network" && (c.op === "noop" || c.op === "keep") && c.liveId) networkIds.set(c.name, c.liveId);

  const waitContainer = async (n: DockerContainerNode, cond: WaitCondition): Promise<void> => {
    const timeoutMs = cond === "completed" ? (n.deadlineMs ?? options.jobTimeoutMs ?? 600_000) : (options.timeoutMs ?? 120_000);
    const r = await waitFor(client, n.name, cond, timeoutMs, () => run.aborted);
    if (r.ok) return;
    if (r.aborted) throw new Skipped();
    const logs = await client.logs(n.name, 20).catch(() => "");
    fail(n, r.reason, logs.trimEnd());
    throw new Skipped();
  };

  const realizeNode = async (node: DockerNode, change: Change): Promise<void> => {
    switch (node.kind) {
      case "docker.network":
        if (change.op === "replace" || change.op === "create") {
          const id = await createOrAdoptNetwork(client, graph, node);
          networkIds.set(node.name, id);
          // dockerd (in swarm mode) cannot attach a container to either of two same-named networks.
          await removeUnusedDuplicateNetworks(client, graph.stack, node.name, id);
        }
        return;
      case "docker.volume":
        if (change.op === "create") await client.createVolume(node.create);
        return;
      case "docker.image":
        await ensureImage(client, graph, node);
        return;
      case "docker.file":
        writeFileNode(node, options.sources);
        return;
      case "docker.container":
        if (change.op === "start") {
          await client.startContainer(change.liveId!);
          return;
        }
        // Stop gracefully first: a database must shut down cleanly before its replacement starts.
        if (change.op === "replace" && change.liveId) await client.stopAndRemoveContainer(change.liveId);
        await createAndStart(client, node, {}, node.name, networkIds);
        return;
    }
  };

  const realize = dependencyOrder(run, graph.edges, {
    work: (id) => {
      const node = byId.get(id);
      const change = changeOf.get(id);
      return node && change && change.op !== "noop" && change.op !== "keep" ? { node, change } : undefined;
    },
    mutate: realizeNode,
    failed: (node, _change, e) => fail(node, messageOf(e)),
    ready: async (node, change) => {
      if (node.kind !== "docker.container") return;
      const cond: WaitCondition = node.role === "job" ? "completed" : node.create.Healthcheck ? "healthy" : "running";
      run.emit({ id: node.id, kind: node.kind, name: node.name, op: change.op, status: "waiting", detail: cond });
      await waitContainer(node, cond);
    },
    // An edge's condition is waited for also when its container needed no work (it exists and
    // `ready` did not run): a dependent must not start before a stopped or unhealthy one is up.
    reach: async (id, condition) => {
      const n = byId.get(id);
      if (condition === "created" || !n || n.kind !== "docker.container") return;
      await waitContainer(n, condition === "started" ? "running" : condition === "healthy" ? "healthy" : "completed");
    },
  });
  run.settle(await Promise.allSettled(graph.nodes.map((n) => realize(n.id))));

  // ---------------------------------------------------------------- phase 3: orphans that may be in use until now
  for (const c of plan.changes) {
    if (c.op !== "delete" || byId.has(c.id)) continue;
    if (c.kind === "docker.network") await run.step(() => client.removeNetwork(c.liveId!));
    else if (c.kind === "docker.file") removeFiles(c.name);
    else continue;
    emitDone(c);
  }
  for (const [name, id] of networkIds) await removeUnusedDuplicateNetworks(client, graph.stack, name, id);
  return run.result(plan.changes);
}

/**
 * Creates a network; when dockerd refuses the name because the stack's own identical network
 * appeared since the plan was made (a killed run's create finishing late), that one is used.
 */
async function createOrAdoptNetwork(client: DockerEngineClient, graph: DockerGraph, node: DockerNetworkNode): Promise<string> {
  try {
    return await client.createNetwork(node.create as Docker.NetworkCreateOptions);
  } catch (e) {
    if (statusOf(e) !== 409) throw e;
    const same = (await client.listNetworksByName(node.name)).find((l) => l.Labels?.[LABELS.stack] === graph.stack && l.Labels?.[LABELS.specHash] === node.hash);
    if (!same) throw e;
    return same.Id;
  }
}

/**
 * A run killed while its network create was in flight has that request finish in dockerd after
 * the next run observed: two networks of one name, and dockerd (in swarm mode) then attaches a
 * container to neither, by name or by id. Both are the stack's (labelled); the one this run does
 * not use, and that no container joined, is removed.
 */
async function removeUnusedDuplicateNetworks(client: DockerEngineClient, stack: string, name: string, keep: string): Promise<void> {
  const others = (await client.listNetworksByName(name)).filter((l) => l.Id !== keep && l.Labels?.[LABELS.stack] === stack);
  for (const l of others) {
    const inspected = await client.inspectNetwork(l.Id);
    if (inspected && Object.keys(inspected.Containers ?? {}).length === 0) await client.removeNetwork(l.Id);
  }
}

/**
 * Creates a container on its first network, connects the others, and starts it. Networks are
 * joined by the ids in `networkIds` where known (by name otherwise).
 */
export async function createAndStart(
  client: DockerEngineClient,
  node: DockerContainerNode,
  overrides: Partial<DockerContainerNode["create"]> = {},
  name = node.name,
  networkIds: ReadonlyMap<string, string> = new Map(),
): Promise<string> {
  const body = { ...node.create, ...overrides };
  const ref = (net: string) => networkIds.get(net) ?? net;
  const [first, ...rest] = Object.entries(body.NetworkingConfig.EndpointsConfig);
  const mode = body.HostConfig.NetworkMode;
  // Engine API < 1.44 accepts one endpoint at create; the rest are connected before start.
  const id = await client.createContainer(name, {
    ...body,
    HostConfig: { ...body.HostConfig, ...(mode ? { NetworkMode: ref(mode) } : {}) },
    NetworkingConfig: { EndpointsConfig: first ? { [ref(first[0])]: first[1] } : {} },
  } as Docker.ContainerCreateOptions);
  for (const [net, ep] of rest) await client.connectNetwork(ref(net), id, ep.Aliases);
  await client.startContainer(id);
  return id;
}
