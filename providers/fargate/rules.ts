/**
 * The ECS/Fargate target rules: plain policy rules that read the graph lowered for Fargate
 * (`ctx.lowered`), run in the same `checkGraph` pass as the portable pack, with its profiles and
 * waivers. The registration's `targetRules` lists them. Each holds a lowered graph (Berth's, or
 * another lowering's) to what AWS would refuse or what would hurt in production.
 */
import type { GraphNode } from "../../sdk/graph/schema.ts";
import { describeNode } from "../../sdk/policy/describe.ts";
import type { Rule, RuleContext, Violation } from "../../sdk/policy/types.ts";
import { describeMemoryFor, isValidFargateSize } from "./sizing.ts";
import type { FargateGraph, TaskDefinitionNode } from "./target.ts";

/** The lowered graph's task definitions with their portable workload. */
function tasks(ctx: RuleContext): { td: TaskDefinitionNode; node: GraphNode }[] {
  const lowered = ctx.lowered as FargateGraph | undefined;
  if (!lowered) return [];
  return lowered.nodes.flatMap((n) => {
    const node = n.kind === "ecs.task-definition" ? ctx.nodes.get(n.source) : undefined;
    return n.kind === "ecs.task-definition" && node ? [{ td: n, node }] : [];
  });
}

const sum = (xs: readonly (number | undefined)[]): number => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

/**
 * res.fargate-size: a task's cpu/memory is a pair Fargate accepts (the workload's explicit
 * `fargate.cpu`/`fargate.memoryMiB` included), and its containers' limits fit inside it.
 */
export const fargateSize: Rule = {
  id: "res.fargate-size",
  on: ["stack"],
  targets: ["fargate"],
  dev: "E",
  prod: "E",
  mandatory: false,
  summary: "A Fargate task has a valid cpu/memory pair that holds its containers' limits",
  why: "ECS refuses to register a task definition whose size is not one of Fargate's pairs, and containers whose limits exceed the task cannot all start.",
  fix: "leave fargate.cpu / fargate.memoryMiB unset (Berth picks the smallest valid pair), or set a valid pair",
  needs: { lowered: true },
  check(_n, ctx) {
    const out: Violation[] = [];
    for (const { td, node } of tasks(ctx)) {
      const size = { cpu: Number(td.input.cpu), memoryMiB: Number(td.input.memory) };
      const found = `cpu ${td.input.cpu}, memory ${td.input.memory} MiB`;
      if (!isValidFargateSize(size)) {
        const memories = describeMemoryFor(size.cpu);
        out.push({
          node,
          field: "targetOptions.fargate",
          found,
          message: `${describeNode(node)} asks for a Fargate task of ${found}, which Fargate does not offer${memories ? ` (cpu ${size.cpu} takes ${memories})` : " (cpu is one of 256, 512, 1024, 2048, 4096, 8192, 16384)"}.`,
        });
        continue;
      }
      const cpu = sum(td.input.containerDefinitions.map((c) => c.cpu));
      const memory = sum(td.input.containerDefinitions.map((c) => c.memory ?? c.memoryReservation));
      if (cpu > size.cpu || memory > size.memoryMiB) {
        out.push({
          node,
          field: "resources",
          found: `containers cpu ${cpu}, memory ${memory} MiB`,
          message: `${describeNode(node)}'s containers need cpu ${cpu} and ${memory} MiB, more than its Fargate task of ${found}.`,
        });
      }
    }
    return out;
  },
};

/** log.retention: every container logs to a log group of the stack that has a retention. */
export const logRetention: Rule = {
  id: "log.retention",
  on: ["stack"],
  targets: ["fargate"],
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "Logs go to a log group with a retention",
  why: "a CloudWatch log group without retention keeps (and bills) every line forever; one Berth does not own is unknown to the stack.",
  fix: "keep the lowering's awslogs configuration: the stack's log group /berth/<stack> with its retention",
  needs: { lowered: true },
  check(_n, ctx) {
    const lowered = ctx.lowered as FargateGraph | undefined;
    if (!lowered) return [];
    const groups = new Map(lowered.nodes.flatMap((n) => (n.kind === "aws.log-group" ? [[n.input.logGroupName, n.input.retentionInDays] as const] : [])));
    const out: Violation[] = [];
    for (const { td, node } of tasks(ctx)) {
      for (const c of td.input.containerDefinitions) {
        const group = c.logConfiguration.options["awslogs-group"] ?? "";
        if (groups.get(group)) continue;
        out.push({ node, field: "logging", found: group || "none", message: `${describeNode(node)}'s container ${c.name} logs to ${group ? `the log group ${group}, which the stack does not create with a retention` : "no log group"}.` });
      }
    }
    return out;
  },
};

/** net.fargate-host-port: with awsvpc a task has its own address, so a host port must equal its container port. */
export const hostPort: Rule = {
  id: "net.fargate-host-port",
  on: ["stack"],
  targets: ["fargate"],
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "A Fargate port mapping's host port is its container port",
  why: "in awsvpc mode ECS refuses a task definition whose hostPort differs from its containerPort.",
  fix: "publish the port through a load balancer, not a different host port",
  needs: { lowered: true },
  check(_n, ctx) {
    return tasks(ctx).flatMap(({ td, node }) =>
      td.input.containerDefinitions.flatMap((c) =>
        (c.portMappings ?? [])
          .filter((p) => p.hostPort !== p.containerPort)
          .map((p) => ({ node, field: "ports", found: `${p.hostPort}:${p.containerPort}`, message: `${describeNode(node)} maps host port ${p.hostPort} to container port ${p.containerPort}; awsvpc tasks need them equal.` })),
      ),
    );
  },
};

/** secret.execution-role: a task that reads secrets (or logs to awslogs) names the stack's execution role. */
export const executionRole: Rule = {
  id: "secret.execution-role",
  on: ["stack"],
  targets: ["fargate"],
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "A Fargate task that reads secrets or writes logs has the stack's execution role",
  why: "ECS fetches `secrets` and writes awslogs with the task's execution role; without one the task fails to start.",
  fix: "keep the lowering's execution role (<stack>-execution) on every task definition",
  needs: { lowered: true },
  check(_n, ctx) {
    const lowered = ctx.lowered as FargateGraph | undefined;
    if (!lowered) return [];
    const roles = new Set(lowered.nodes.flatMap((n) => (n.kind === "aws.execution-role" ? [n.arn] : [])));
    return tasks(ctx).flatMap(({ td, node }) => {
      const secrets = td.input.containerDefinitions.some((c) => (c.secrets ?? []).length > 0);
      if (roles.has(td.input.executionRoleArn)) return [];
      return [{ node, field: "secrets", found: td.input.executionRoleArn || "none", message: `${describeNode(node)}'s task ${secrets ? "reads secrets" : "writes logs"} but names no execution role of the stack.` }];
    });
  },
};

/** avail.fargate-subnets (stack-wide): a prod stack runs in at least two subnets (one per availability zone). */
export const subnets: Rule = {
  id: "avail.fargate-subnets",
  on: ["stack"],
  targets: ["fargate"],
  dev: "-",
  prod: "E",
  mandatory: false,
  summary: "A Fargate stack runs in at least two subnets, one per availability zone",
  why: "ECS places tasks in the target's subnets; all in one subnet, they all fail with its availability zone.",
  fix: 'new Fargate({ ..., subnets: ["subnet-a", "subnet-b"] })  (one per availability zone)',
  needs: { lowered: true },
  check(_n, ctx) {
    const lowered = ctx.lowered as FargateGraph | undefined;
    if (!lowered || lowered.subnets.length >= 2) return [];
    return [{ field: "target.subnets", found: JSON.stringify(lowered.subnets), message: `Stack '${lowered.stack}' runs in ${lowered.subnets.length} subnet${lowered.subnets.length === 1 ? "" : "s"}; production needs two, in two availability zones.` }];
  },
};

/** The Fargate target rules, in catalogue order. */
export const FARGATE_TARGET_RULES: readonly Rule[] = [fargateSize, executionRole, logRetention, hostPort, subnets];
