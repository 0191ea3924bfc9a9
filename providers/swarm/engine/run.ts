/**
 * `berth run <service> -- <cmd>` on swarm (12-factor #12): a one-off admin process with the
 * deployed service's image, env, secrets, configs and networks. Swarm hands secrets only to
 * services' tasks, so the one-off is a service of its own: a replicated job of one task, made
 * from the live service's spec (its secrets and configs at their deployed versions) with the
 * command replaced and no ports, healthcheck or restarts. Its output is streamed as it runs;
 * the command's exit code is returned; the job service is removed after.
 */
import { randomBytes } from "node:crypto";
import type { Writable } from "node:stream";
import { BerthError } from "../../../sdk/core/errors.ts";
import { followContainerLogs } from "../../shared/docker-api/follow.ts";
import { LABELS } from "../../shared/labels.ts";
import type { SwarmGraph } from "../target.ts";
import { swarmService } from "../engine.ts";
import type { LiveTask, SwarmClient } from "./client.ts";

/** Options of {@link runSwarmOneOff}. */
export interface SwarmRunOptions {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** How long the task may take to start and finish. @default 10 min */
  readonly timeoutMs?: number;
}

/** Runs `cmd` once as the service `which` would, and returns its exit code. */
export async function runSwarmOneOff(client: SwarmClient, graph: SwarmGraph, which: string, cmd: readonly string[], options: SwarmRunOptions): Promise<number> {
  const node = swarmService(graph, which);
  const live = (await client.listServicesByName(node.name))[0];
  if (!live) {
    throw new BerthError({
      code: "engine.not-deployed",
      path: node.path,
      field: "service",
      found: node.name,
      message: `Service '${node.name}' is not deployed, so '${node.source}' cannot run yet.`,
      fix: "run `berth up <stackdir>` first",
    });
  }
  const name = `${node.name}-run-${randomBytes(3).toString("hex")}`;
  const { Healthcheck: _health, ...container } = live.Spec.TaskTemplate.ContainerSpec as Record<string, unknown>;
  void _health;
  const spec = {
    ...live.Spec,
    Name: name,
    // Owned: a run killed before it removes the job leaves an orphan the next `up` deletes.
    Labels: { ...live.Spec.Labels, [LABELS.node]: `${node.source}#run`, [LABELS.specHash]: "run" },
    TaskTemplate: { ...live.Spec.TaskTemplate, ContainerSpec: { ...container, Command: [...cmd], Args: [] }, RestartPolicy: { Condition: "none", MaxAttempts: 0 } },
    Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
    // No published ports (the one-off must not take the service's traffic), no update policy.
    EndpointSpec: { Mode: "dnsrr" },
    UpdateConfig: undefined,
    RollbackConfig: undefined,
  };
  const id = await client.createService(JSON.parse(JSON.stringify(spec)), name);
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    const task = await waitForTask(client, id, deadline, (t) => Boolean(t.Status.ContainerStatus?.ContainerID) || FINAL.has(t.Status.State));
    const containerId = task.Status.ContainerStatus?.ContainerID;
    if (containerId) {
      await followContainerLogs(client.engine, [{ name, id: containerId }], Number.MAX_SAFE_INTEGER, (line) => {
        (line.stream === "stderr" ? options.stderr : options.stdout).write(`${line.text}\n`);
      });
    }
    const done = await waitForTask(client, id, deadline, (t) => FINAL.has(t.Status.State));
    const code = done.Status.ContainerStatus?.ExitCode;
    if (code === undefined) {
      throw new BerthError({
        code: "engine.run-failed",
        path: node.path,
        found: done.Status.State,
        message: `The one-off task of '${node.source}' ended ${done.Status.State} without running: ${done.Status.Err ?? done.Status.Message ?? "no reason given"}.`,
        fix: "check the service's image and placement (`berth up` deploys it as it is)",
      });
    }
    return code;
  } finally {
    await client.removeService(id, name).catch(() => undefined);
  }
}

/** Task states after which a task never runs again. */
const FINAL = new Set(["complete", "failed", "rejected", "shutdown", "orphaned", "remove"]);

async function waitForTask(client: SwarmClient, serviceId: string, deadline: number, ready: (t: LiveTask) => boolean): Promise<LiveTask> {
  for (;;) {
    const task = (await client.listTasks(serviceId))[0];
    if (task && ready(task)) return task;
    if (Date.now() > deadline) {
      throw new BerthError({
        code: "engine.run-timeout",
        path: serviceId,
        found: task?.Status.State ?? "no task",
        message: `The one-off task did not finish in time (last state: ${task?.Status.State ?? "no task yet"}).`,
        fix: "raise the timeout, or check the swarm's nodes and the image",
      });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
