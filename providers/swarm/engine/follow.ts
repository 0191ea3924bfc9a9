/**
 * `berth logs --follow` on swarm: follows the containers of a service's tasks (as `logs` reads
 * them), named `<service>.<slot>`. Tasks started after it begins (a rolling update) are not
 * picked up: run it again.
 */
import { followContainerLogs, type FollowTarget, type OnLogLine } from "../../shared/docker-api/follow.ts";
import type { SwarmGraph } from "../target.ts";
import { swarmService } from "../engine.ts";
import type { SwarmClient } from "./client.ts";

/** Follows the running tasks of the service `which` until they stop or `signal` aborts. */
export async function followSwarmLogs(client: SwarmClient, graph: SwarmGraph, which: string, tail: number, onLine: OnLogLine, signal?: AbortSignal): Promise<void> {
  const node = swarmService(graph, which);
  const svc = (await client.listServicesByName(node.name))[0];
  if (!svc) return;
  const targets: FollowTarget[] = (await client.listTasks(svc.ID))
    .filter((t) => t.Status.State === "running" && t.Status.ContainerStatus?.ContainerID)
    .sort((a, b) => (a.Slot ?? 0) - (b.Slot ?? 0))
    .map((t) => ({ name: `${node.name}.${t.Slot ?? t.ID.slice(0, 12)}`, id: t.Status.ContainerStatus!.ContainerID! }));
  await followContainerLogs(client.engine, targets, tail, onLine, signal);
}
