/**
 * The read-side commands on Fargate: `ps` (each service with its deployments, and the stack's
 * one-off tasks), `logs` and `logs --follow` (CloudWatch Logs, polled), and `run` (RunTask of a
 * workload's task definition with the command overridden, waited to STOPPED, its exit code).
 */
import type { Writable } from "node:stream";
import { BerthError } from "../../../sdk/core/errors.ts";
import type { OnLogLine, PsRow } from "../../shared/provider.ts";
import type { FargateGraph, FargateNode } from "../target.ts";
import type { AwsApi } from "./aws.ts";
import { waitForTask } from "./wait.ts";

/** An AWS answer as the engine reads it (the SDK types are loaded lazily, not imported). */
type Any = Record<string, any>;
type Workload = Extract<FargateNode, { kind: "ecs.service" | "ecs.run-task" }>;

/** A workload by node id (`Shop/web`), name (`web`) or task family (`shop-web`). */
export function workloadOf(graph: FargateGraph, ref: string): Workload {
  const w = graph.nodes.find((n): n is Workload => (n.kind === "ecs.service" || n.kind === "ecs.run-task") && (n.id === ref || n.source === ref || n.name === ref || n.input.taskDefinition === ref || n.name === `${graph.stack}-${ref}`));
  if (w) return w;
  const names = graph.nodes.filter((n) => n.kind === "ecs.service" || n.kind === "ecs.run-task").map((n) => n.id);
  throw new BerthError({ code: "engine.unknown-workload", path: graph.stack, field: "workload", found: ref, message: `Stack '${graph.stack}' has no workload '${ref}'.`, fix: `name one of: ${names.join(", ")}` });
}

/** `berth ps`: one row per service (running/desired and its deployments) and per running one-off task. */
export async function psFargate(api: AwsApi, graph: FargateGraph): Promise<PsRow[]> {
  const services = graph.nodes.filter((n) => n.kind === "ecs.service");
  const rows: PsRow[] = [];
  if (services.length) {
    const d = await api.find<Any>("ecs", "DescribeServices", { cluster: graph.cluster, services: services.map((s) => s.name).slice(0, 10) }, ["ClusterNotFoundException"]);
    for (const s of d?.services ?? []) {
      if (s.status !== "ACTIVE") continue;
      const node = services.find((n) => n.name === s.serviceName)!;
      const deps = (s.deployments ?? []).map((x: Any) => `${x.status.toLowerCase()} ${String(x.taskDefinition).split("/").pop()} ${x.rolloutState ?? ""} ${x.runningCount}/${x.desiredCount}`.trim());
      rows.push({ name: s.serviceName, node: node.source, state: `${s.runningCount}/${s.desiredCount} running; ${deps.join("; ")}`, health: s.deployments?.length === 1 && s.deployments[0].rolloutState === "COMPLETED" ? "steady" : "deploying", ports: (node.input.loadBalancers ?? []).map((l) => `${l.containerPort} (load balancer)`) });
    }
  }
  const tasks = await api.find<Any>("ecs", "ListTasks", { cluster: graph.cluster, startedBy: `berth/${graph.stack}` }, ["ClusterNotFoundException"]);
  if (tasks?.taskArns?.length) {
    const d = await api.call<Any>("ecs", "DescribeTasks", { cluster: graph.cluster, tasks: tasks.taskArns.slice(0, 100) });
    for (const t of d.tasks ?? []) {
      const family = String(t.taskDefinitionArn).split("/").pop()!.replace(/:\d+$/, "");
      const node = graph.nodes.find((n) => n.kind === "ecs.task-definition" && n.name === family);
      rows.push({ name: `${family}/${String(t.taskArn).split("/").pop()}`, node: node?.source ?? family, state: String(t.lastStatus).toLowerCase(), health: t.healthStatus ?? "", ports: [] });
    }
  }
  return rows;
}

/** The log stream prefix of a workload's app container (awslogs: `<prefix>/<container>/<task id>`, both the workload's name). */
const streamPrefix = (graph: FargateGraph, w: Workload): string => `${w.input.taskDefinition.slice(graph.stack.length + 1)}/`;

/** The last `tail` lines of a workload's app container. */
export async function logsFargate(api: AwsApi, graph: FargateGraph, ref: string, tail: number): Promise<string> {
  return (await tailEvents(api, graph, ref, tail)).map((e) => `${String(e.message).replace(/\n$/, "")}\n`).join("");
}

/** The last `tail` log events of a workload's app container, oldest first. */
async function tailEvents(api: AwsApi, graph: FargateGraph, ref: string, tail: number): Promise<Any[]> {
  const w = workloadOf(graph, ref);
  const events: Any[] = [];
  let token: string | undefined;
  do {
    const page = await api.find<Any>("logs", "FilterLogEvents", { logGroupName: `/berth/${graph.stack}`, logStreamNamePrefix: streamPrefix(graph, w), ...(token ? { nextToken: token } : {}) }, ["ResourceNotFoundException"]);
    events.push(...(page?.events ?? []));
    token = page?.nextToken;
  } while (token);
  events.sort((a, b) => a.timestamp - b.timestamp);
  return events.slice(-tail);
}

/** Follows a workload's log lines by polling CloudWatch Logs until `signal` aborts. */
export async function followFargate(api: AwsApi, graph: FargateGraph, ref: string, tail: number, onLine: OnLogLine, signal?: AbortSignal): Promise<void> {
  const w = workloadOf(graph, ref);
  const seen = new Set<string>();
  let since = Date.now();
  for (const e of await tailEvents(api, graph, ref, tail)) {
    seen.add(e.eventId);
    since = Math.max(since, e.timestamp);
    onLine({ container: w.name, stream: "stdout", text: String(e.message).replace(/\n$/, "") }, false);
  }
  while (!signal?.aborted) {
    await new Promise((r) => setTimeout(r, 2000));
    const page = await api.find<Any>("logs", "FilterLogEvents", { logGroupName: `/berth/${graph.stack}`, logStreamNamePrefix: streamPrefix(graph, w), startTime: since }, ["ResourceNotFoundException"]);
    for (const e of page?.events ?? []) {
      if (seen.has(e.eventId)) continue;
      seen.add(e.eventId);
      since = Math.max(since, e.timestamp);
      onLine({ container: w.name, stream: "stdout", text: String(e.message).replace(/\n$/, "") }, false);
    }
  }
}

/** `berth run`: a one-off task of a workload's current task definition with `command`; its exit code. */
export async function runFargate(api: AwsApi, graph: FargateGraph, ref: string, command: readonly string[], network: object, io: { readonly stdout: Writable; readonly stderr: Writable }): Promise<number> {
  const w = workloadOf(graph, ref);
  const container = w.input.taskDefinition.slice(graph.stack.length + 1);
  const out = await api.call<Any>("ecs", "RunTask", {
    cluster: graph.cluster,
    taskDefinition: w.input.taskDefinition,
    count: 1,
    launchType: "FARGATE",
    networkConfiguration: network,
    startedBy: `berth/${graph.stack}`,
    overrides: { containerOverrides: [{ name: container, command: [...command] }] },
  });
  const arn = out.tasks?.[0]?.taskArn as string | undefined;
  if (!arn) throw new BerthError({ code: "engine.run", path: w.path, field: "command", found: command.join(" "), message: `RunTask started no task for ${w.id}: ${(out.failures ?? []).map((f: Any) => f.reason).join("; ")}`, fix: "check the cluster and the task definition (berth ps)" });
  const r = await waitForTask(api, graph.cluster, arn, container, undefined);
  const id = arn.split("/").pop()!;
  const logs = await api.find<Any>("logs", "GetLogEvents", { logGroupName: `/berth/${graph.stack}`, logStreamName: `${container}/${container}/${id}`, startFromHead: true }, ["ResourceNotFoundException"]);
  for (const e of logs?.events ?? []) io.stdout.write(`${String(e.message).replace(/\n$/, "")}\n`);
  if (r.exitCode === undefined) {
    io.stderr.write(`task ${id} of ${w.id} did not run: ${r.reason}\n`);
    return 1;
  }
  return r.exitCode;
}
