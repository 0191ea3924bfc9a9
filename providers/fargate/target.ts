/**
 * The ECS/Fargate target graph: plain data, one node per AWS object, each holding the exact API
 * input lowering decided (providers/fargate/api.ts). The export, and later the engine, send
 * those inputs as they are and never re-decide.
 *
 * Identifiers AWS assigns (the account, a Cloud Map namespace or service id, an EFS file system
 * id) are unknown offline: inputs carry deterministic placeholders in angle brackets
 * (`<account>`, `<efs:shop-pgdata>`), which the engine resolves when it applies. Secret values
 * never appear: a secret node carries where its value comes from (`from`).
 */
import { z } from "zod";
import { SecretSource } from "../../sdk/graph/schema.ts";
import { DockerImageNode } from "../shared/docker-api/image-node.ts";
import { TargetNodeBase, orderingEdge } from "../shared/target.ts";
import * as A from "./api.ts";

/** Bumped on any incompatible change to the Fargate node shapes. */
export const FARGATE_SCHEMA_VERSION = 1 as const;

function node<const Kind extends string, I extends z.ZodType>(kind: Kind, input: I) {
  return z.object({ kind: z.literal(kind), ...TargetNodeBase, input });
}

/** The stack's CloudWatch log group, with its retention. */
export const LogGroupNode = node("aws.log-group", A.LogGroupInput).extend({ arn: z.string() });
/** The stack's task execution role: pulls, logs, and reads exactly the stack's secrets. */
export const ExecutionRoleNode = node("aws.execution-role", A.RoleInput).extend({ arn: z.string() });
/** A Secrets Manager secret Berth creates (config, env or file source): no value, `from` says where it comes from. */
export const SecretNode = node("aws.secret", A.CreateSecretInput).extend({ from: SecretSource, arn: z.string() });
/** The stack's Cloud Map private DNS namespace (workload DNS names). */
export const NamespaceNode = node("aws.cloud-map-namespace", A.NamespaceInput);
/** The Cloud Map service of a workload with ports: its DNS name. */
export const DiscoveryServiceNode = node("aws.cloud-map-service", A.DiscoveryServiceInput).extend({ arn: z.string(), hostname: z.string() });
/** An EFS file system for a Volume. */
export const FileSystemNode = node("aws.efs-file-system", A.FileSystemInput).extend({ fileSystemId: z.string() });
/** The stack's Application Load Balancer, when a workload publishes a port. */
export const LoadBalancerNode = node("aws.load-balancer", A.LoadBalancerInput).extend({ arn: z.string() });
/** The target group of one published port of a workload. */
export const TargetGroupNode = node("aws.target-group", A.TargetGroupInput).extend({ arn: z.string() });
/** The listener on one published port. */
export const ListenerNode = node("aws.listener", A.ListenerInput);
/** A workload's task definition. */
export const TaskDefinitionNode = node("ecs.task-definition", A.RegisterTaskDefinitionInput);
/** A Service's or Container's ECS service (Container: one task). */
export const ServiceNode = node("ecs.service", A.CreateServiceInput).extend({ role: z.enum(["service", "container"]) });
/** A Job's one-off task: the engine runs it, waits for STOPPED and reads the essential container's exit code. */
export const RunTaskNode = node("ecs.run-task", A.RunTaskInput).extend({
  /** Wall-clock deadline, enforced by the engine (StopTask). */
  deadlineMs: z.number().int().positive().optional(),
  /** RunTask again after a failure, at most this often. */
  retries: z.number().int().min(0),
});

export type LogGroupNode = z.infer<typeof LogGroupNode>;
export type ExecutionRoleNode = z.infer<typeof ExecutionRoleNode>;
export type SecretNode = z.infer<typeof SecretNode>;
export type NamespaceNode = z.infer<typeof NamespaceNode>;
export type DiscoveryServiceNode = z.infer<typeof DiscoveryServiceNode>;
export type FileSystemNode = z.infer<typeof FileSystemNode>;
export type LoadBalancerNode = z.infer<typeof LoadBalancerNode>;
export type TargetGroupNode = z.infer<typeof TargetGroupNode>;
export type ListenerNode = z.infer<typeof ListenerNode>;
export type TaskDefinitionNode = z.infer<typeof TaskDefinitionNode>;
export type ServiceNode = z.infer<typeof ServiceNode>;
export type RunTaskNode = z.infer<typeof RunTaskNode>;

/** Any Fargate target node. */
export const FargateNode = z.discriminatedUnion("kind", [
  LogGroupNode,
  ExecutionRoleNode,
  SecretNode,
  NamespaceNode,
  DiscoveryServiceNode,
  FileSystemNode,
  LoadBalancerNode,
  TargetGroupNode,
  ListenerNode,
  TaskDefinitionNode,
  ServiceNode,
  RunTaskNode,
]);
export type FargateNode = z.infer<typeof FargateNode>;
export type FargateNodeKind = FargateNode["kind"];

/** An ordering edge between workloads (`dependsOn`): `from` is applied after `to` reached `condition`. */
export const FargateEdge = orderingEdge(["started", "healthy", "completed"]);
export type FargateEdge = z.infer<typeof FargateEdge>;

/** The lowered graph of one stack on one ECS cluster. */
export const FargateGraph = z.object({
  schemaVersion: z.literal(FARGATE_SCHEMA_VERSION),
  stack: z.string(),
  environment: z.string(),
  profile: z.enum(["dev", "prod"]),
  cluster: z.string(),
  region: z.string(),
  subnets: z.array(z.string()),
  securityGroups: z.array(z.string()),
  /** Images the tasks run (built and pushed by the engine, or pulled by Fargate). */
  images: z.array(DockerImageNode),
  nodes: z.array(FargateNode),
  edges: z.array(FargateEdge),
});
export type FargateGraph = z.infer<typeof FargateGraph>;
