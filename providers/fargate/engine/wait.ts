/**
 * Waiting for workloads: a service until the deployment Berth started has completed, and a Job's
 * task until it stopped, with its exit code.
 *
 * A deployment that trips the circuit breaker is rolled back by ECS: Berth reports it as a
 * failure naming the service, the deployment's reason, the service's last events and the
 * reasons its stopped tasks give, once the service is back on its previous revision. A
 * deployment id that vanished while the service runs another revision is the same rollback seen
 * late (ECS lists a completed rollback only).
 */
import type { AwsApi } from "./aws.ts";

/** An AWS answer as the engine reads it (the SDK types are loaded lazily, not imported). */
type Any = Record<string, any>;

/** A workload that did not get where it should, with lines to show under the reason. */
export class WorkloadFailure extends Error {
  constructor(
    message: string,
    readonly heading: string,
    readonly lines: readonly string[],
  ) {
    super(message);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/**
 * Poll delays: quick at first (a local endpoint answers at once), then growing by half each time
 * to every 5 s (reached after about 13 s of polling, in 16 calls).
 */
const delay = (i: number): number => Math.min(5000, 10 * 1.5 ** Math.min(i, 16));

/** Reasons of the service's recently stopped tasks. */
async function stoppedReasons(api: AwsApi, cluster: string, service: string): Promise<string[]> {
  const list = await api.call<Any>("ecs", "ListTasks", { cluster, serviceName: service, desiredStatus: "STOPPED" });
  const arns: string[] = (list.taskArns ?? []).slice(0, 10);
  if (!arns.length) return [];
  const d = await api.call<Any>("ecs", "DescribeTasks", { cluster, tasks: arns });
  // Only the service's own tasks (their group is `service:<name>`).
  return (d.tasks ?? []).filter((t: Any) => t.group === `service:${service}`).map((t: Any) => `task ${String(t.taskArn).split("/").pop()}: ${t.stoppedReason ?? t.stopCode ?? "stopped"}${(t.containers ?? []).filter((c: Any) => c.reason).map((c: Any) => ` (${c.name}: ${c.reason})`).join("")}`);
}

/**
 * Waits until `deploymentId` of the service completed on `taskDefinition`; throws a
 * {@link WorkloadFailure} when it failed (after the rollback settled) or the time ran out.
 */
export async function waitForDeployment(api: AwsApi, cluster: string, service: string, deploymentId: string | undefined, taskDefinition: string, deadline: number, aborted: () => boolean): Promise<void> {
  let failed: Any | undefined;
  for (let i = 0; ; i++) {
    if (aborted()) return;
    const d = await api.call<Any>("ecs", "DescribeServices", { cluster, services: [service] });
    const s = d.services?.[0];
    if (!s) throw new WorkloadFailure(`service ${service} vanished while deploying`, "", []);
    const deps: Any[] = s.deployments ?? [];
    const mine = deps.find((x) => (deploymentId ? x.id === deploymentId : x.taskDefinition === taskDefinition));
    if (mine?.rolloutState === "FAILED") failed ??= mine;
    const settled = deps.length === 1 && deps[0]!.rolloutState === "COMPLETED";
    if (!failed && mine && mine.status === "PRIMARY" && mine.rolloutState === "COMPLETED" && s.taskDefinition === taskDefinition) return;
    if (!failed && !mine && s.taskDefinition !== taskDefinition && settled) failed = { rolloutStateReason: "the deployment is gone (rolled back by ECS)" };
    if (failed && (settled || Date.now() > deadline)) {
      const back = String(s.taskDefinition).split("/").pop();
      const events = (s.events ?? []).slice(0, 5).map((e: Any) => `event: ${e.message}`);
      const tasks = await stoppedReasons(api, cluster, service);
      throw new WorkloadFailure(
        `service ${service}: deployment of ${taskDefinition.split("/").pop()} failed (${failed.rolloutStateReason ?? "circuit breaker"}); ECS rolled the service back to ${back}`,
        "stopped tasks and events",
        [...(tasks.length ? tasks : ["stopped tasks: ECS lists none for this deployment"]), ...events],
      );
    }
    if (Date.now() > deadline) {
      throw new WorkloadFailure(`service ${service}: deployment not complete in time (${mine?.rolloutState ?? "no deployment"}: ${mine?.rolloutStateReason ?? ""}; running ${s.runningCount}/${s.desiredCount})`, "events", (s.events ?? []).slice(0, 5).map((e: Any) => String(e.message)));
    }
    await sleep(delay(i));
  }
}

/** A stopped task's outcome: the essential container's exit code, or why it never ran. */
export interface TaskOutcome {
  readonly exitCode: number | undefined;
  readonly reason: string;
  readonly taskArn: string;
}

/** Waits until a task stopped (StopTask at the deadline) and returns its essential container's exit code. */
export async function waitForTask(api: AwsApi, cluster: string, taskArn: string, essential: string, deadline: number | undefined): Promise<TaskOutcome> {
  for (let i = 0; ; i++) {
    const d = await api.call<Any>("ecs", "DescribeTasks", { cluster, tasks: [taskArn] });
    const t = d.tasks?.[0];
    if (t?.lastStatus === "STOPPED") {
      const c = (t.containers ?? []).find((x: Any) => x.name === essential) ?? t.containers?.[0];
      return { exitCode: c?.exitCode, reason: [...new Set([t.stoppedReason, c?.reason].filter(Boolean))].join(": ") || "stopped", taskArn };
    }
    if (deadline !== undefined && Date.now() > deadline) await api.call("ecs", "StopTask", { cluster, task: taskArn, reason: "Berth: the Job's deadline passed" });
    await sleep(delay(i));
  }
}
