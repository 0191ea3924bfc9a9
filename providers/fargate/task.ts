/**
 * A workload's task size and its ECS service, run-task and deployment settings: the pieces of
 * lowering that turn portable replicas, limits and update settings into ECS inputs.
 */
import { BerthError } from "../../sdk/core/errors.ts";
import type { WorkloadGraphNode } from "../../sdk/graph/schema.ts";
import { smallestFargateSize, type TaskSize } from "./sizing.ts";

/** Fargate's smallest task, used when a workload sets no limits. */
const SMALLEST: TaskSize = { cpu: 256, memoryMiB: 512 };

/**
 * The task size: the workload's explicit `fargate.cpu`/`fargate.memoryMiB` as given (the
 * `res.fargate-size` rule judges them), else the smallest valid pair holding its limits.
 */
export function taskSize(w: WorkloadGraphNode): TaskSize {
  const r = w.spec.resources;
  const explicit = w.spec.targetOptions.fargate ?? {};
  const need: TaskSize = {
    cpu: r.cpu !== undefined ? Math.ceil(r.cpu * 1024) : SMALLEST.cpu,
    memoryMiB: r.memoryBytes !== undefined ? Math.ceil(r.memoryBytes / (1024 * 1024)) : SMALLEST.memoryMiB,
  };
  const fitted = smallestFargateSize({ cpu: explicit.cpu ?? need.cpu, memoryMiB: explicit.memoryMiB ?? need.memoryMiB });
  if (explicit.cpu !== undefined && explicit.memoryMiB !== undefined) return { cpu: explicit.cpu, memoryMiB: explicit.memoryMiB };
  if (!fitted) {
    throw new BerthError({
      code: "fargate.size",
      path: w.path,
      field: "resources",
      found: `${need.cpu} cpu units, ${need.memoryMiB} MiB`,
      message: `${w.id} needs more than the largest Fargate task (16 vCPU, 120 GiB).`,
      fix: "lower the workload's resources.cpu / resources.memory, or split it into several workloads",
    });
  }
  return { cpu: explicit.cpu ?? fitted.cpu, memoryMiB: explicit.memoryMiB ?? fitted.memoryMiB };
}

/** The deployment settings of a service from its update settings, with the circuit breaker rolling back. */
export function deploymentConfiguration(w: WorkloadGraphNode, desired: number): { minimumHealthyPercent: number; maximumPercent: number; deploymentCircuitBreaker: { enable: true; rollback: true } } {
  const u = w.spec.update;
  const breaker = { enable: true as const, rollback: true as const };
  if (desired === 0) return { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: breaker };
  // parallelism 0 means all at once; ECS speaks in percent of the desired count.
  const batch = u && u.parallelism > 0 ? Math.min(u.parallelism, desired) : desired;
  const step = Math.ceil((batch * 100) / desired);
  if (!u || u.order === "start-first") return { minimumHealthyPercent: 100, maximumPercent: Math.min(200, 100 + step), deploymentCircuitBreaker: breaker };
  return { minimumHealthyPercent: Math.max(0, 100 - step), maximumPercent: 100, deploymentCircuitBreaker: breaker };
}
