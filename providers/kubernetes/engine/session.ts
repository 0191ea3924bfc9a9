/**
 * The Kubernetes engine session (the provider seam's `EngineSession`): the lowered graph, one
 * client for the kubeconfig's cluster (`KUBECONFIG`, the target's `context`) and the secret
 * values resolved for this run, with the commands the CLI runs.
 *
 * `up` plans with read requests first and returns when nothing changes, so an up-to-date stack
 * is confirmed without a single mutating request (not even the lock's); otherwise it takes the
 * stack's Lease, plans again under it and applies.
 */
import { BerthError } from "../../../sdk/core/errors.ts";
import { planHasChanges } from "../../shared/engine/plan.ts";
import type { StackLockOptions } from "../../shared/engine/stack-lock.ts";
import type { EngineSession, SessionOptions, StackInput, TargetFacts } from "../../shared/provider.ts";
import type { SecretSources } from "../../shared/secret-values.ts";
import { lowerKubernetesStack } from "../provider.ts";
import type { KubernetesGraph } from "../target.ts";
import { applyKubernetes } from "./apply.ts";
import { KubeClient, serverMessage, type KubeObject } from "./client.ts";
import { downKubernetes } from "./down.ts";
import { followKubernetes } from "./follow.ts";
import { logsKubernetes, psKubernetes } from "./inspect.ts";
import { acquireLease, leaseName, type HeldLease } from "./lease.ts";
import { observeStack } from "./observe.ts";
import { planKubernetes, refineKubernetesPlan, type KubernetesPlan } from "./plan.ts";
import { runKubernetesOneOff } from "./run.ts";
import { kubernetesEndpoints, secretValues } from "./outcome.ts";

export { kubernetesEndpoints } from "./outcome.ts";

/** A Kubernetes session: the seam's commands plus the client and graph behind them. */
export interface KubernetesEngineSession extends EngineSession {
  readonly client: KubeClient;
  readonly graph: KubernetesGraph;
}

/** Fails clearly when the API server does not answer. */
function unreachable(graph: KubernetesGraph, server: string, e: unknown): BerthError {
  if (e instanceof BerthError) return e;
  return new BerthError({
    code: "engine.unreachable",
    path: graph.stack,
    field: "target",
    found: server,
    message: `The Kubernetes API server${graph.context ? ` of context '${graph.context}'` : ""} did not answer: ${serverMessage(e)}.`,
    fix: "check KUBECONFIG (or the target's context) and that the cluster runs: kubectl version",
  });
}

/** Opens a session; `resolveSecrets: false` for commands that read no secret values. */
export function openKubernetesSession(stack: StackInput, options: SessionOptions = {}): KubernetesEngineSession {
  const graph = lowerKubernetesStack(stack);
  const client = new KubeClient(graph.context);
  const sources: SecretSources = { config: stack.config, stackDir: stack.dir, env: process.env };
  const values = options.resolveSecrets === false ? new Map<string, Buffer>() : secretValues(graph, sources);
  const plan = async (): Promise<KubernetesPlan> => {
    const live = await observeStack(client, graph);
    return refineKubernetesPlan(client, graph, live, planKubernetes(graph, live, values), values);
  };
  const locked = async <T>(command: string, lock: StackLockOptions | undefined, work: () => Promise<T>): Promise<T> => {
    // The Lease lives in the namespace, so the namespace comes first (applying it is idempotent).
    const ns = graph.nodes.find((n) => n.kind === "k8s.namespace");
    if (ns && !(await client.read("v1", "Namespace", graph.namespace))) await client.apply(ns.object as unknown as KubeObject);
    const lease: HeldLease = await acquireLease(client, graph.stack, graph.namespace, command, lock);
    try {
      return await work();
    } finally {
      await lease.release();
    }
  };
  return {
    stack: graph.stack,
    lowered: graph,
    client,
    graph,
    async facts(): Promise<TargetFacts> {
      try {
        return { kubernetesVersion: await client.serverVersion() };
      } catch (e) {
        throw unreachable(graph, await client.server().catch(() => "(kubeconfig)"), e);
      }
    },
    plan,
    async up(options) {
      const endpoints = kubernetesEndpoints(graph);
      const first = await plan();
      // A no-op needs no lock, unless a Lease is there: a run holds the stack (wait for it), or
      // one was killed before releasing it (take it over, and the release removes it).
      const leased = !planHasChanges(first) && (await client.read("coordination.k8s.io/v1", "Lease", leaseName(graph.stack), graph.namespace)) !== undefined;
      if (!planHasChanges(first) && !leased) return { plan: first, changed: false, applied: 0, unchanged: first.changes.length, endpoints };
      return locked("berth up", options.lock, async () => {
        const p = await plan();
        if (!planHasChanges(p)) return { plan: p, changed: false, applied: 0, unchanged: p.changes.length, endpoints };
        const r = await applyKubernetes(client, graph, p, { parallelism: options.parallelism, timeoutMs: options.timeoutMs, values, ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
        return { plan: p, changed: true, applied: r.applied, unchanged: r.unchanged, endpoints };
      });
    },
    async down(options) {
      if (!(await client.read("v1", "Namespace", graph.namespace))) return { removed: {} };
      return { removed: await locked("berth down", options.lock, () => downKubernetes(client, graph, options.volumes)) };
    },
    ps: () => psKubernetes(client, graph),
    logs: (workload, tail) => logsKubernetes(client, graph, workload, tail),
    follow: (workload, tail, onLine, signal) => followKubernetes(client, graph, workload, tail, onLine, signal),
    async run(workload, command, io) {
      // Ctrl-C deletes the one-off Job before Berth exits (130, as a shell reports SIGINT).
      const interrupted = new AbortController();
      const onSigint = () => interrupted.abort();
      process.once("SIGINT", onSigint);
      try {
        return await runKubernetesOneOff(client, graph, workload, command, { ...io, signal: interrupted.signal });
      } finally {
        process.removeListener("SIGINT", onSigint);
      }
    },
  };
}
