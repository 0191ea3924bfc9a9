/**
 * `berth logs --follow`: the log lines of running containers as they are written, line by line,
 * until every container stops (its stream ends) or the caller aborts.
 */
import type { DockerGraph } from "../target.ts";
import type { DockerEngineClient } from "../../shared/docker-api/client.ts";
import { workloadContainers } from "./engine.ts";
import { followContainerLogs, type FollowTarget, type OnLogLine } from "../../shared/docker-api/follow.ts";

export type { LogLine, OnLogLine } from "../../shared/docker-api/follow.ts";

/**
 * `berth logs --follow` on a Docker host: follows every container of a workload (by id or name,
 * as `logs`). A container that does not exist is skipped; one that has stopped gives its last
 * lines and ends.
 */
export async function followWorkloadLogs(
  client: DockerEngineClient,
  graph: DockerGraph,
  which: string,
  tail: number,
  onLine: OnLogLine,
  signal?: AbortSignal,
): Promise<void> {
  // The engine takes a container's name wherever it takes its id.
  const targets = workloadContainers(graph, which).map((n): FollowTarget => ({ name: n.name, id: n.name }));
  await followContainerLogs(client, targets, tail, onLine, signal);
}

