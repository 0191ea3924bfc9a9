/**
 * Applying a swarm plan: networks, secret and config versions and images first; then services
 * in dependency order with bounded parallelism, each created or updated (never deleted and
 * recreated) and waited on until it converged — dependents start only once what they depend
 * on is running, healthy or completed (dependsOn emulated by convergence). Last, orphan
 * services, the secret and config versions nothing uses any more, and orphan networks go.
 * On the first failure nothing new starts, and the error names the service, why it failed
 * (a rollback included) and its task errors.
 */
import { BerthError, type BerthIssue } from "../../../sdk/core/errors.ts";
import type { ProgressEvent } from "../../docker/engine/apply.ts";
import { messageOf, statusOf } from "../../docker/engine/client.ts";
import { ensureImage } from "../../docker/engine/images.ts";
import type { SecretSources } from "../../docker/engine/secrets.ts";
import { Semaphore } from "../../docker/engine/semaphore.ts";
import type { DockerGraph } from "../../docker/target.ts";
import type { ServiceSpec, SwarmEdge, SwarmGraph, SwarmNode, SwarmServiceNode } from "../target.ts";
import type { SwarmClient } from "./client.ts";
import { converge, type ConvergeCondition } from "./converge.ts";
import type { SwarmChange, SwarmPlan } from "./plan.ts";
import { secretValue } from "./secret-values.ts";

/** Options of {@link applySwarm}. */
export interface SwarmApplyOptions {
  readonly sources: SecretSources;
  /** Mutating operations in flight at once. @default 4 */
  readonly parallelism?: number;
  /** Upper bound on a service's convergence (a rolling update included). @default 180 s */
  readonly timeoutMs?: number;
  /** Upper bound on a job without its own deadline. @default 10 min */
  readonly jobTimeoutMs?: number;
  readonly onEvent?: (e: ProgressEvent) => void;
}

/** What an apply did. */
export interface SwarmApplyResult {
  readonly applied: number;
  readonly unchanged: number;
}

class Skipped extends Error {}

/** Applies a plan made for `graph`. Throws a {@link BerthError} naming every service that failed. */
export async function applySwarm(client: SwarmClient, graph: SwarmGraph, plan: SwarmPlan, options: SwarmApplyOptions): Promise<SwarmApplyResult> {
  const sem = new Semaphore(options.parallelism ?? 4);
  const emit = options.onEvent ?? (() => {});
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const changeOf = new Map<string, SwarmChange>();
  for (const c of plan.changes) if (c.op !== "delete" && byId.has(c.id)) changeOf.set(c.id, c);
  const deps = new Map<string, SwarmEdge[]>();
  for (const e of graph.edges) deps.set(e.from, [...(deps.get(e.from) ?? []), e]);
  /** Secret/config name → swarm id, for the references in service specs. */
  const ids = new Map<string, string>();
  for (const c of plan.changes) if ((c.kind === "swarm.secret" || c.kind === "swarm.config") && c.liveId) ids.set(c.name, c.liveId);
  const failures: BerthIssue[] = [];
  let aborted = false;
  let applied = 0;

  const fail = (node: { id: string; name: string; path: string }, reason: string, details: readonly string[] = []): void => {
    aborted = true;
    failures.push({
      code: "engine.apply",
      path: node.path,
      field: node.id,
      found: node.name,
      message: `'${node.id}' (${node.name}) failed: ${reason}${details.length ? `\n  Task errors:\n${details.map((d) => `    ${d}`).join("\n")}` : ""}`,
      fix: "fix the cause and run `berth up` again; it resumes from what exists",
    });
  };
  const step = async <T>(fn: () => Promise<T>): Promise<T> => {
    await sem.acquire();
    try {
      if (aborted) throw new Skipped();
      return await fn();
    } finally {
      sem.release();
    }
  };
  const done = (n: { id: string; kind: string; name: string }, op: SwarmChange["op"], t0: number): void => {
    applied++;
    emit({ id: n.id, kind: n.kind, name: n.name, op, status: "done", elapsedMs: Date.now() - t0 });
  };

  // ---------------------------------------------------------------- phase 1: what services use
  const leaves = graph.nodes.filter((n) => n.kind !== "swarm.service" && ["create", "update"].includes(changeOf.get(n.id)?.op ?? ""));
  await Promise.allSettled(
    leaves.map(async (n) => {
      const t0 = Date.now();
      emit({ id: n.id, kind: n.kind, name: n.name, op: changeOf.get(n.id)!.op, status: "started" });
      try {
        await step(() => realizeLeaf(n));
        done(n, changeOf.get(n.id)!.op, t0);
      } catch (e) {
        if (!(e instanceof Skipped)) fail(n, messageOf(e));
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
        await ensureImage(client.engine, { app: graph.app, stack: graph.stack } as DockerGraph, n);
        return;
      default:
        return;
    }
  }
  if (failures.length) throw new BerthError(failures);

  // ---------------------------------------------------------------- phase 2: services in dependency order
  const realized = new Map<string, Promise<void>>();
  const reached = new Map<string, Promise<void>>();
  const reach = (id: string, condition: ConvergeCondition): Promise<void> => {
    const key = `${id}\u0000${condition}`;
    let p = reached.get(key);
    if (!p) {
      p = realize(id);
      reached.set(key, p);
    }
    return p;
  };
  const realize = (id: string): Promise<void> => {
    let p = realized.get(id);
    if (!p) {
      p = (async () => {
        const node = byId.get(id);
        const change = changeOf.get(id);
        if (!node || node.kind !== "swarm.service" || !change || change.op === "noop" || change.op === "keep") return;
        await Promise.all((deps.get(id) ?? []).map((e) => reach(e.to, e.condition)));
        if (aborted) throw new Skipped();
        const t0 = Date.now();
        emit({ id, kind: node.kind, name: node.name, op: change.op, status: "started", detail: change.fields.join(", ") });
        try {
          await step(() => realizeService(node, change));
        } catch (e) {
          if (e instanceof Skipped) throw e;
          fail(node, messageOf(e));
          throw new Skipped();
        }
        const cond: ConvergeCondition = node.role === "job" ? "completed" : node.spec.TaskTemplate.ContainerSpec.Healthcheck ? "healthy" : "started";
        emit({ id, kind: node.kind, name: node.name, op: change.op, status: "waiting", detail: cond === "started" ? "running" : cond });
        const r = await converge(client, node, cond, {
          timeoutMs: cond === "completed" ? (node.deadlineMs ?? options.jobTimeoutMs ?? 600_000) : (options.timeoutMs ?? 180_000),
          since: t0,
          aborted: () => aborted,
          onStatus: (s) => emit({ id, kind: node.kind, name: node.name, op: change.op, status: "waiting", detail: s }),
        });
        if (!r.ok) {
          if (r.aborted) throw new Skipped();
          fail(node, r.reason, r.taskErrors);
          emit({ id, kind: node.kind, name: node.name, op: change.op, status: "failed", detail: r.reason });
          throw new Skipped();
        }
        done(node, change.op, t0);
      })();
      realized.set(id, p);
    }
    return p;
  };
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

  const results = await Promise.allSettled(graph.nodes.filter((n) => n.kind === "swarm.service").map((n) => realize(n.id)));
  for (const r of results) if (r.status === "rejected" && !(r.reason instanceof Skipped)) throw r.reason;
  if (failures.length) throw new BerthError(failures);

  // ---------------------------------------------------------------- phase 3: orphans
  const orphans = plan.changes.filter((c) => c.op === "delete");
  for (const c of orphans.filter((x) => x.kind === "swarm.service")) {
    await step(() => client.removeService(c.liveId!, c.name));
    done(c, "delete", Date.now());
  }
  for (const c of orphans.filter((x) => x.kind === "swarm.secret" || x.kind === "swarm.config")) {
    await retryInUse(() => step(() => client.removeSecret(c.kind === "swarm.secret" ? "secrets" : "configs", c.liveId!, c.name)));
    done(c, "delete", Date.now());
  }
  for (const c of orphans.filter((x) => x.kind === "swarm.network")) {
    await retryInUse(() => step(() => client.engine.removeNetwork(c.liveId!)));
    done(c, "delete", Date.now());
  }
  const unchanged = plan.changes.filter((c) => c.op === "noop" || c.op === "keep").length;
  return { applied, unchanged };
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
