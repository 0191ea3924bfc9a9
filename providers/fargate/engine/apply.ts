/**
 * Applying a Fargate plan: stack objects in phases (each phase's objects side by side: the
 * cluster, security groups, log group, secrets, namespace and file systems; then the role,
 * Cloud Map services, load balancer and target groups; then listeners; then task definition
 * revisions), then the workloads in dependency order (a service after what it depends on reached
 * the edge's condition, a Job run to completion), then the deletes, referrers first.
 */
import { ApplyRun, Skipped, type ApplyResult } from "../../shared/engine/apply-run.ts";
import { dependencyOrder } from "../../shared/engine/dependency-order.ts";
import type { ProgressEvent } from "../../shared/engine/progress-event.ts";
import type { FargateNode } from "../target.ts";
import { awsMessage } from "./aws.ts";
import { DELETE_ORDER, put, remove, syncRules, type MutateContext } from "./mutate.ts";
import { COMPLETED_TAG, desiredObjects, resolvedNetwork, type DesiredObject, type FargateChange, type FargatePlan } from "./plan.ts";
import { resolveDeep } from "./resolve.ts";
import { waitForDeployment, waitForTask, WorkloadFailure } from "./wait.ts";

/** Options of {@link applyFargate}. */
export interface FargateApplyOptions {
  readonly parallelism: number;
  readonly timeoutMs: number;
  readonly onEvent?: (e: ProgressEvent) => void;
}

const PHASES: readonly (readonly string[])[] = [
  ["ecs.cluster", "ec2.security-group", "aws.log-group", "aws.secret", "aws.cloud-map-namespace"],
  ["aws.execution-role", "aws.cloud-map-service", "aws.load-balancer", "aws.target-group", "aws.efs-file-system"],
  ["aws.listener"],
  ["ecs.task-definition"],
];

const pathOf = (d: DesiredObject): string => d.path;

/** Applies a plan; throws a BerthError naming every object that failed. */
export async function applyFargate(ctx: MutateContext, plan: FargatePlan, options: FargateApplyOptions): Promise<ApplyResult> {
  const run = new ApplyRun({ parallelism: options.parallelism, ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
  const desired = new Map(desiredObjects(ctx.lowered, ctx.objects).map((d) => [d.id, d]));
  const changeOf = new Map(plan.changes.filter((c) => c.op !== "delete").map((c) => [c.id, c]));
  const pending = (c: FargateChange | undefined): boolean => !!c && c.op !== "noop" && c.op !== "keep";

  const one = async (d: DesiredObject, c: FargateChange, work: () => Promise<void>): Promise<void> => {
    const t0 = Date.now();
    run.emit({ id: d.id, kind: d.kind, name: d.name, op: c.op, status: "started", detail: c.fields.join(", ") });
    try {
      await run.step(work);
    } catch (e) {
      if (e instanceof Skipped) throw e;
      run.fail({ id: d.id, name: d.name, path: pathOf(d) }, `${awsMessage(e)}`);
      throw new Skipped();
    }
    run.done({ id: d.id, kind: d.kind, name: d.name, op: c.op, status: "done", elapsedMs: Date.now() - t0 });
  };

  for (const kinds of PHASES) {
    const work = [...desired.values()].filter((d) => kinds.includes(d.kind) && pending(changeOf.get(d.id)));
    run.settle(await Promise.allSettled(work.map((d) => one(d, changeOf.get(d.id)!, () => put(ctx, d, changeOf.get(d.id)!.liveId)))));
    if (kinds.includes("ec2.security-group")) {
      // Rules name other groups: every group exists now.
      const groups = [...desired.values()].filter((d): d is Extract<DesiredObject, { kind: "ec2.security-group" }> => d.kind === "ec2.security-group");
      for (const g of groups) if (!ctx.r.groups.has(g.id)) ctx.r.groups.set(g.id, changeOf.get(g.id)?.liveId ?? g.id);
      run.settle(await Promise.allSettled(groups.filter((g) => pending(changeOf.get(g.id))).map((g) => run.step(() => syncRules(ctx, g)).catch((e) => {
        if (e instanceof Skipped) throw e;
        run.fail({ id: g.id, name: g.name, path: g.path }, awsMessage(e));
      }))));
    }
  }

  // Workloads, in dependency order.
  const workloads = new Map(ctx.lowered.nodes.filter((n): n is Extract<FargateNode, { kind: "ecs.service" | "ecs.run-task" }> => n.kind === "ecs.service" || n.kind === "ecs.run-task").map((n) => [n.id, n]));
  const realize = dependencyOrder(run, ctx.lowered.edges, {
    work(id) {
      const node = workloads.get(id);
      const change = changeOf.get(id);
      return node && change && pending(change) ? { node, change } : undefined;
    },
    async mutate(node, change) {
      if (node.kind === "ecs.service") await put(ctx, node, change.liveId);
    },
    failed(node, _change, error) {
      run.fail(node, `${awsMessage(error)}`);
    },
    async ready(node, _change, t0) {
      const deadline = t0 + Math.max(options.timeoutMs, node.kind === "ecs.run-task" && node.deadlineMs ? node.deadlineMs : 0);
      try {
        if (node.kind === "ecs.service") {
          run.emit({ id: node.id, kind: node.kind, name: node.name, op: "update", status: "waiting", detail: "its deployment completed" });
          await waitForDeployment(ctx.api, ctx.lowered.cluster, node.name, ctx.deployments.get(node.id), ctx.r.revisions.get(node.input.taskDefinition) ?? node.input.taskDefinition, deadline, () => run.aborted);
        } else await runJob(ctx, node, deadline, run);
      } catch (e) {
        if (e instanceof Skipped) throw e;
        if (e instanceof WorkloadFailure) run.fail(node, e.message, { heading: e.heading, lines: e.lines });
        else run.fail(node, awsMessage(e));
        throw new Skipped();
      }
    },
  });
  run.settle(await Promise.allSettled([...workloads.keys()].map((id) => realize(id))));

  // Deletes, referrers first.
  const deletes = plan.changes.filter((c) => c.op === "delete");
  for (const kind of DELETE_ORDER) {
    const batch = deletes.filter((c) => c.kind === kind);
    run.settle(
      await Promise.allSettled(
        batch.map(async (c) => {
          const t0 = Date.now();
          run.emit({ id: c.id, kind: c.kind, name: c.name, op: "delete", status: "started" });
          try {
            await run.step(() => remove(ctx.api, ctx.lowered, c));
          } catch (e) {
            if (e instanceof Skipped) throw e;
            run.fail({ id: c.id, name: c.name, path: ctx.lowered.stack }, awsMessage(e));
            return;
          }
          run.done({ id: c.id, kind: c.kind, name: c.name, op: "delete", status: "done", elapsedMs: Date.now() - t0 });
        }),
      ),
    );
  }
  return run.result(plan.changes);
}

/** Runs a Job's task until it exits 0 (RunTask again up to `retries` times), then marks its revision completed. */
async function runJob(ctx: MutateContext, node: Extract<FargateNode, { kind: "ecs.run-task" }>, deadline: number, run: ApplyRun): Promise<void> {
  const taskDefinition = ctx.r.revisions.get(node.input.taskDefinition) ?? node.input.taskDefinition;
  const essential = node.input.taskDefinition.slice(ctx.lowered.stack.length + 1);
  let last = "";
  for (let attempt = 0; attempt <= node.retries; attempt++) {
    if (run.aborted) throw new Skipped();
    const input = resolveDeep(node.input, ctx.r);
    const out = await run.step(() => ctx.api.call<{ tasks?: { taskArn: string }[]; failures?: { reason?: string }[] }>("ecs", "RunTask", { ...input, taskDefinition, networkConfiguration: resolvedNetwork(ctx.lowered, ctx.objects, ctx.r, node) }));
    const arn = out.tasks?.[0]?.taskArn;
    if (!arn) throw new WorkloadFailure(`job ${node.name}: RunTask started no task (${(out.failures ?? []).map((f) => f.reason).join("; ") || "no reason given"})`, "", []);
    const r = await waitForTask(ctx.api, ctx.lowered.cluster, arn, essential, node.deadlineMs !== undefined ? Date.now() + node.deadlineMs : undefined);
    if (r.exitCode === 0) {
      await run.step(() => ctx.api.call("ecs", "TagResource", { resourceArn: taskDefinition, tags: [{ key: COMPLETED_TAG, value: node.hash }] }));
      return;
    }
    last = `task ${arn.split("/").pop()} exit=${r.exitCode ?? "none"} (${r.reason})`;
  }
  void deadline;
  throw new WorkloadFailure(`job ${node.name} failed after ${node.retries + 1} attempt(s): ${last}`, "", []);
}
