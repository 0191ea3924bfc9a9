/**
 * The Docker host's engine session (the provider seam's `EngineSession`): the lowered graph,
 * an engine client for the target's endpoint and where secret values come from, with the
 * commands the CLI runs on them.
 */
import type { Graph } from "../../../sdk/graph/schema.ts";
import type { EngineSession, StackInput, TargetFacts } from "../../shared/provider.ts";
import type { SecretSources } from "../../shared/secret-values.ts";
import { DockerEngineClient } from "../../shared/docker-api/client.ts";
import { endpoints } from "./endpoints.ts";
import { down, logs, lowerForEngine, planStack, ps, runOneOff, up } from "./engine.ts";
import { followWorkloadLogs } from "./follow.ts";
import { hasChanges } from "./plan.ts";
import type { DockerGraph } from "../target.ts";

/** A Docker host session: the seam's commands plus the client and graph behind them. */
export interface DockerHostSession extends EngineSession {
  readonly client: DockerEngineClient;
  readonly graph: DockerGraph;
  readonly sources: SecretSources;
}

// A client to the local engine opened before the stack program runs (warmUp), so dockerd's
// slow first `/info` overlaps loading; used when the stack talks to that endpoint.
let early: DockerEngineClient | undefined;

/** Opens a client to the local engine and asks for `/info` at once (the answer is cached). */
export function warmUp(): void {
  early ??= new DockerEngineClient();
  early.info().catch(() => undefined);
}

/** Opens a session on the stack's Docker host (the local engine unless the target names one). */
export function openDockerHostSession(stack: StackInput): DockerHostSession {
  const host = stackHost(stack.graph);
  const graph = lowerForEngine(stack.graph, stack.dir);
  const client = early && early.host === host ? early : new DockerEngineClient(host ? { host } : {});
  const sources: SecretSources = { config: stack.config, stackDir: stack.dir, env: process.env };
  return {
    stack: graph.stack,
    lowered: graph,
    client,
    graph,
    sources,
    async facts(): Promise<TargetFacts> {
      return { engineCpus: (await client.info()).NCPU };
    },
    plan: () => planStack(client, graph, sources),
    async up(options) {
      const r = await up(client, graph, sources, options);
      return { plan: r.plan, changed: hasChanges(r.plan), applied: r.result.applied, unchanged: r.result.unchanged, endpoints: endpoints(graph) };
    },
    async down(options) {
      return { removed: { ...(await down(client, graph, options)) } };
    },
    ps: () => ps(client, graph.stack),
    logs: (workload, tail) => logs(client, graph, workload, tail),
    follow: (workload, tail, onLine, signal) => followWorkloadLogs(client, graph, workload, tail, onLine, signal),
    run: (workload, command, io) => runOneOff(client, graph, sources, workload, command, io),
  };
}

function stackHost(graph: Graph): string | undefined {
  const t = graph.stack.target;
  return "host" in t ? t.host : undefined;
}
