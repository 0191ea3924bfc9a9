/**
 * The Docker host's no-op fast path (providers/shared/fast-noop.ts): under the stack lock
 * (never waited for: a busy stack goes to the full run), observe the engine against the
 * recorded graph and confirm the engine's CPU count the gate judged against.
 */
import { DockerEngineClient } from "../../shared/docker-api/client.ts";
import { acquireStackLock } from "../../shared/engine/file-lock.ts";
import type { FastNoop } from "../../shared/fast-noop.ts";
import type { DockerGraph } from "../target.ts";
import { endpoints } from "./endpoints.ts";
import { assertLocalFiles } from "./files.ts";
import { observe } from "./observe.ts";
import { hasChanges, plan } from "./plan.ts";

/** Answers a no-op `up` on a Docker host from its recorded graph, or declines. */
export const dockerHostFastNoop: FastNoop = async ({ lowered, facts, sources, debug }) => {
  const graph = lowered as DockerGraph;
  if (typeof graph.filesDir !== "string" || !Array.isArray(graph.nodes)) return undefined;
  assertLocalFiles(graph);
  const client = new DockerEngineClient(graph.host === undefined ? {} : { host: graph.host });
  const lock = await acquireStackLock(`${graph.filesDir}.lock`, graph.stack, "berth up", { timeoutMs: 0 });
  try {
    // Both are reads: the CPU count is checked once both are in, rather than making the
    // observation wait for dockerd's slow /info.
    const [info, live] = await Promise.all([client.info(), observe(client, graph, sources)]);
    if (info.NCPU !== facts.engineCpus) {
      debug("miss: the engine's CPU count changed");
      return undefined;
    }
    const p = plan(graph, live);
    if (hasChanges(p)) {
      debug("miss: the engine has changes to make");
      return undefined;
    }
    return { plan: p, changed: false, applied: 0, unchanged: p.changes.length, endpoints: endpoints(graph) };
  } finally {
    lock.release();
  }
};
