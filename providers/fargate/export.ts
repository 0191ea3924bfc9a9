/**
 * Exports the Fargate target graph for the AWS CLI: per workload `<name>.task-definition.json`
 * (`aws ecs register-task-definition --cli-input-json file://…`) and `<name>.service.json`
 * (`aws ecs create-service --cli-input-json file://…`) or, for a Job, `<name>.run-task.json`
 * (`aws ecs run-task --cli-input-json file://…`), each a node's input unchanged; and a main index
 * file, `ecs.json`, listing them in apply order with the stack's other objects (log group,
 * execution role, secrets, Cloud Map, EFS) whose inputs the user creates first.
 *
 * No secret value is exported: task definitions name secrets by ARN only, and the notes say how
 * to create each secret Berth would create, from a file listed in `secrets`.
 */
import type { ExportResult } from "../shared/provider.ts";
import type { FargateEdge, FargateGraph, FargateNode } from "./target.ts";
import { dependenciesFirst } from "../shared/engine/dependency-order.ts";

/** The default name of the main index file. */
export const ECS_EXPORT_FILE = "ecs.json";

/** Workload node ids with every dependency before its dependants (ties by id). */
function workloadOrder(nodes: readonly FargateNode[], edges: readonly FargateEdge[]): string[] {
  return dependenciesFirst(nodes.filter((n) => n.kind === "ecs.service" || n.kind === "ecs.run-task").map((n) => n.id), edges);
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
const WAIT: Readonly<Record<FargateEdge["condition"], string>> = { started: "is running", healthy: "is stable with healthy tasks", completed: "has stopped with exit code 0" };

/** Exports a Fargate graph. */
export function exportEcs(graph: FargateGraph): ExportResult {
  const files: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const notes: string[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const workloads = workloadOrder(graph.nodes, graph.edges).map((id) => {
    const w = byId.get(id)!;
    const td = graph.nodes.find((n) => n.kind === "ecs.task-definition" && n.source === w.source)!;
    const name = w.kind === "ecs.service" ? w.input.serviceName : w.name.slice(graph.stack.length + 1);
    files[`${name}.task-definition.json`] = json(td.input);
    if (w.kind === "ecs.service") files[`${name}.service.json`] = json(w.input);
    else files[`${name}.run-task.json`] = json(w.input);
    return {
      node: w.source,
      taskDefinition: `${name}.task-definition.json`,
      ...(w.kind === "ecs.service" ? { service: `${name}.service.json` } : { runTask: `${name}.run-task.json` }),
    };
  });
  const objects = graph.nodes
    .filter((n) => n.kind !== "ecs.task-definition" && n.kind !== "ecs.service" && n.kind !== "ecs.run-task")
    .map((n) => ({ kind: n.kind, node: n.source, name: n.name, input: n.input }));

  for (const n of graph.nodes) {
    if (n.kind !== "aws.secret") continue;
    const file = `secrets/${n.name.replace(/\//g, "-")}`;
    secrets[file] = n.source;
    notes.push(`Secret ${n.name} (${n.source}) is exported without its value: create it with \`aws secretsmanager create-secret --name ${n.name} --secret-string file://${file}\`; task definitions name it as ${n.arn}.`);
  }
  notes.push(
    "ARNs and ids AWS assigns are placeholders in angle brackets: replace <account> with the account id (aws sts get-caller-identity), <cloud-map:NAME> with the Cloud Map service id and <efs:TOKEN> with the EFS file system id once those objects exist.",
    `Create the objects listed under "objects" in ${ECS_EXPORT_FILE} first (log group with its retention, the execution role and its inline policy, secrets, the Cloud Map namespace in the subnets' VPC and its services, EFS file systems).`,
  );
  for (const e of graph.edges) {
    if (!byId.has(e.from) || !byId.has(e.to)) continue;
    notes.push(`${e.from} depends on ${e.to}: the AWS CLI cannot wait; create ${e.from} only after ${e.to} ${WAIT[e.condition]}.`);
  }
  for (const img of graph.images) {
    if (img.action.kind === "build") notes.push(`${img.id} is built by Berth: build and push ${img.ref} (docker build -t ${img.ref} ${img.action.context} && docker push ${img.ref}) before registering.`);
  }
  const index = { stack: graph.stack, environment: graph.environment, cluster: graph.cluster, region: graph.region, workloads, objects, notes };
  return { main: { name: ECS_EXPORT_FILE, text: json(index) }, files, secrets, notes };
}
