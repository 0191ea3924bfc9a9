/**
 * The swarm engine session (the provider seam's `EngineSession`): the lowered swarm graph, a
 * client for the manager and where secret values come from, with the commands the CLI runs.
 */
import type { EngineSession, StackInput, TargetFacts } from "../../shared/provider.ts";
import type { SecretSources } from "../../shared/secret-values.ts";
import { checkSwarmTarget, downSwarm, logsSwarm, openSwarmSession, planSwarmStack, psSwarm, swarmHasChanges, upSwarm } from "../engine.ts";
import type { SwarmGraph, SwarmServiceNode } from "../target.ts";
import type { SwarmClient } from "./client.ts";
import { followSwarmLogs } from "./follow.ts";
import { runSwarmOneOff } from "./run.ts";

/** A rolling update waits for every task in turn: `up` allows a workload at least this long. */
const MIN_UP_TIMEOUT_MS = 180_000;

/** A swarm session: the seam's commands plus the client and graph behind them. */
export interface SwarmEngineSession extends EngineSession {
  readonly client: SwarmClient;
  readonly graph: SwarmGraph;
  readonly sources: SecretSources;
}

/** Opens a session on the stack's swarm manager; `resolveSecrets: false` versions secret names by reference (enough to find objects by label). */
export function openSwarmEngineSession(stack: StackInput, options: { readonly resolveSecrets?: boolean } = {}): SwarmEngineSession {
  const w = openSwarmSession(stack.graph, stack.dir, stack.config, options);
  const { client, graph, sources } = w;
  return {
    stack: graph.stack,
    lowered: graph,
    client,
    graph,
    sources,
    async facts(): Promise<TargetFacts> {
      await checkSwarmTarget(client, graph);
      return { engineCpus: (await client.info()).NCPU };
    },
    async plan() {
      await checkSwarmTarget(client, graph);
      return planSwarmStack(client, graph);
    },
    async up(options) {
      const r = await upSwarm(client, graph, sources, { ...options, timeoutMs: Math.max(options.timeoutMs, MIN_UP_TIMEOUT_MS) });
      return { plan: r.plan, changed: swarmHasChanges(r.plan), applied: r.result.applied, unchanged: r.result.unchanged, endpoints: swarmEndpoints(graph) };
    },
    async down(options) {
      return { removed: { ...(await downSwarm(client, graph, options)) } };
    },
    ps: () => psSwarm(client, graph.stack),
    logs: (workload, tail) => logsSwarm(client, graph, workload, tail),
    follow: (workload, tail, onLine, signal) => followSwarmLogs(client, graph, workload, tail, onLine, signal),
    run: (workload, command, io) => runSwarmOneOff(client, graph, workload, command, io),
  };
}

/** One line per published port: `<service>: http://127.0.0.1:<port> (<mode>)`. */
export function swarmEndpoints(graph: SwarmGraph): string[] {
  return graph.nodes
    .filter((n): n is SwarmServiceNode => n.kind === "swarm.service")
    .flatMap((n) => n.spec.EndpointSpec.Ports.map((p) => `${n.name}: http://127.0.0.1:${p.PublishedPort} (${p.PublishMode})`));
}
