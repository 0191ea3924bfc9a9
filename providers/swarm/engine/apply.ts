/**
 * Applying a swarm plan: networks, secret and config versions and images first; then services
 * in dependency order with bounded parallelism, each created or updated (never deleted and
 * recreated) and waited on until it converged — dependents start only once what they depend
 * on is running, healthy or completed (dependsOn emulated by convergence). Last, orphan
 * services, the secret and config versions nothing uses any more, and orphan networks go.
 * On the first failure nothing new starts, and the error names the service, why it failed
 * (a rollback included) and its task errors.
 */
import { ApplyRun, Skipped, type ApplyResult, type ApplyRunOptions } from "../../shared/engine/apply-run.ts";
import { dependencyOrder } from "../../shared/engine/dependency-order.ts";
import { messageOf, statusOf } from "../../shared/docker-api/client.ts";
import { ensureImage } from "../../shared/docker-api/images.ts";
import type { SecretSources } from "../../shared/secret-values.ts";
import type { ServiceSpec, SwarmGraph, SwarmNode, SwarmServiceNode } from "../target.ts";
import type { SwarmClient } from "./client.ts";
import { converge, type ConvergeCondition } from "./converge.ts";
import type { SwarmChange, SwarmPlan } from "./plan.ts";
import { secretValue } from "./secret-values.ts";

/** Options of {@link applySwarm}. */
export interface SwarmApplyOptions extends ApplyRunOptions {
  readonly sources: SecretSources;
  /** Upper bound on a service's convergence (a rolling update included). @default 180 s */
  readonly timeoutMs?: number;
  /** Upper bound on a job without its own deadline. @default 10 min */
  readonly jobTimeoutMs?: number;
}

/** What an apply did. */
export type SwarmApplyResult = ApplyResult;

/** Applies a plan made for `graph`. Throws a `BerthError` naming every service that failed. */
export async function applySwarm(client: SwarmClient, graph: SwarmGraph, plan: SwarmPlan, options: SwarmApplyOptions): Promise<SwarmApplyResult> {
  const run = new ApplyRun(options);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const changeOf = new Map<string, SwarmChange>();
  for (const c of plan.changes) if (c.op !== "delete" && byId.has(c.id)) changeOf.set(c.id, c);
  /** Secret/config name → swarm id, for the references in service specs. */
  const ids = new Map<string, string>();
  for (const c of plan.changes) if ((c.kind === "swarm.secret" || c.kind === "swarm.config") && c.liveId) ids.set(c.name, c.liveId);
  const done = (n: { id: string; kind: string; name: string }, op: SwarmChange["op"], t0: number): void =>
    run.done({ id: n.id, kind: n.kind, name: n.name, op, status: "done", elapsedMs: Date.now() - t0 });

  // ---------------------------------------------------------------- phase 1: what services use
  const leaves = graph.nodes.filter((n) => n.kind !== "swarm.service" && ["create", "update"].includes(changeOf.get(n.id)?.op ?? ""));
  await Promise.allSettled(
    leaves.map(async (n) => {
      const t0 = Date.now();
      run.emit({ id: n.id, kind: n.kind, name: n.name, op: changeOf.get(n.id)!.op, status: "started" });
      try {
        await run.step(() => realizeLeaf(n));
        done(n, changeOf.get(n.id)!.op, t0);
      } catch (e) {
        if (!(e instanceof Skipped)) run.fail(n, messageOf(e));
      }
    }),
  );
  async function realizeLeaf(n: SwarmNode): Promise<void> {
    switch (n.kind) {
      case "swarm.network":
        await client.engine.createNetwork(n.create);
        return;
      case "swarm.secret":
        ids.set(n.name, await client.createSecret("secrets", n.name, n.labels, secretValue(n, options.sources)));
        return;
      case "swarm.config":
        ids.set(n.name, await client.createSecret("configs", n.name, n.labels, Buffer.from(n.content)));
        return;
      case "docker.image":
        // ensureImage reads only the owner fields of the graph it is given.
        await ensureImage(client.engine, graph, n);
        return;
      default:
        return;
    }
  }
  run.throwIfFailed();

  // ---------------------------------------------------------------- phase 2: services in dependency order
  const realizeService = async (node: SwarmServiceNode, change: SwarmChange): Promise<void> => {
    const spec = withIds(node.spec, ids);
    if (change.op === "create") {
      await client.createService(spec, node.name);
      return;
    }
    // The version must be the current one: swarm refuses an update based on a stale spec.
    const live = await client.inspectService(change.liveId!);
    if (!live) throw new Error("the service disappeared during the run");
    // A job re-run with an unchanged spec needs a new ForceUpdate value to start a new iteration.
    const force = (live.Spec.TaskTemplate.ForceUpdate ?? 0) + (node.role === "job" && change.fields.some((f) => f.startsWith("last run")) ? 1 : 0);
    await client.updateService(live.ID, live.Version.Index, { ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: force } }, node.name);
  };

  // `ready` waits for a service's own strongest condition (dependsOn emulated by convergence),
  // so an edge's condition holds once the service is realized: no `reach` step.
  const realize = dependencyOrder(run, graph.edges, {
    work: (id) => {
      const node = byId.get(id);
      const change = changeOf.get(id);
      return node?.kind === "swarm.service" && change && change.op !== "noop" && change.op !== "keep" ? { node, change } : undefined;
    },
    mutate: realizeService,
    failed: (node, _change, e) => run.fail(node, messageOf(e)),
    ready: async (node, change, t0) => {
      const cond: ConvergeCondition = node.role === "job" ? "completed" : node.spec.TaskTemplate.ContainerSpec.Healthcheck ? "healthy" : "started";
      const id = node.id;
      run.emit({ id, kind: node.kind, name: node.name, op: change.op, status: "waiting", detail: cond === "started" ? "running" : cond });
      const r = await converge(client, node, cond, {
        timeoutMs: cond === "completed" ? (node.deadlineMs ?? options.jobTimeoutMs ?? 600_000) : (options.timeoutMs ?? 180_000),
        since: t0,
        aborted: () => run.aborted,
        onStatus: (s) => run.emit({ id, kind: node.kind, name: node.name, op: change.op, status: "waiting", detail: s }),
      });
      if (r.ok) return;
      if (r.aborted) throw new Skipped();
      run.fail(node, r.reason, { heading: "Task errors", lines: r.taskErrors });
      run.emit({ id, kind: node.kind, name: node.name, op: change.op, status: "failed", detail: r.reason });
      throw new Skipped();
    },
  });
  run.settle(await Promise.allSettled(graph.nodes.filter((n) => n.kind === "swarm.service").map((n) => realize(n.id))));

  // ---------------------------------------------------------------- phase 3: orphans
  const orphans = plan.changes.filter((c) => c.op === "delete");
  for (const c of orphans.filter((x) => x.kind === "swarm.service")) {
    await run.step(() => client.removeService(c.liveId!, c.name));
    done(c, "delete", Date.now());
  }
  for (const c of orphans.filter((x) => x.kind === "swarm.secret" || x.kind === "swarm.config")) {
    await retryInUse(() => run.step(() => client.removeSecret(c.kind === "swarm.secret" ? "secrets" : "configs", c.liveId!, c.name)));
    done(c, "delete", Date.now());
  }
  for (const c of orphans.filter((x) => x.kind === "swarm.network")) {
    await retryInUse(() => run.step(() => client.engine.removeNetwork(c.liveId!)));
    done(c, "delete", Date.now());
  }
  return run.result(plan.changes);
}

/** The spec with `SecretID`/`ConfigID` filled in from the ids of the versions that exist now. */
export function withIds(spec: ServiceSpec, ids: ReadonlyMap<string, string>): ServiceSpec {
  const cs = spec.TaskTemplate.ContainerSpec;
  const id = (name: string) => {
    const v = ids.get(name);
    if (!v) throw new Error(`${name} does not exist`);
    return v;
  };
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: {
        ...cs,
        Secrets: cs.Secrets.map((s) => ({ ...s, SecretID: id(s.SecretName) })),
        Configs: cs.Configs.map((c) => ({ ...c, ConfigID: id(c.ConfigName) })),
      },
    },
  };
}

/**
 * Removal of a network, secret or config still referenced by tasks that are shutting down is
 * refused for a few seconds; retry while the engine says it is in use.
 */
export async function retryInUse(fn: () => Promise<void>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fn();
      return;
    } catch (e) {
      const inUse = statusOf(e) === 400 || statusOf(e) === 403 || statusOf(e) === 409 || /in use|has active endpoints/i.test(messageOf(e));
      if (!inUse || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
