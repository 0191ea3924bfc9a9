/**
 * The Fargate Pulumi realizer as the provider seam calls it: the stack lowered exactly as
 * `berth check` and the `ecs` export lower it, realized with @pulumi/aws (pulumi.ts).
 */
import type { PulumiOutputs, PulumiRealizeOptions, StackInput } from "../shared/provider.ts";
import { lowerFargateStack } from "./provider.ts";
import { realizeFargateWithPulumi } from "./pulumi.ts";
import type { FargateGraph } from "./target.ts";

/** Where the stack answers: Cloud Map names inside the VPC, and the load balancer's listeners. */
export function fargateEndpoints(graph: FargateGraph): string[] {
  const out: string[] = [];
  for (const n of graph.nodes) {
    if (n.kind === "aws.cloud-map-service") {
      const td = graph.nodes.find((x) => x.kind === "ecs.task-definition" && x.source === n.source);
      const ports = td?.kind === "ecs.task-definition" ? td.input.containerDefinitions.flatMap((c) => (c.portMappings ?? []).map((p) => p.containerPort)) : [];
      out.push(...ports.map((p) => `${n.name}: ${n.hostname}:${p} (in the VPC)`));
    }
    if (n.kind === "aws.listener") {
      const lb = graph.nodes.find((x) => x.kind === "aws.load-balancer");
      out.push(`${graph.nodes.find((x) => x.kind === "ecs.service" && x.source === n.source)?.name ?? n.source}: http://<DNS name of load balancer ${lb?.name ?? "?"}>:${n.input.Port}`);
    }
  }
  return out;
}

/** Realizes a Fargate stack; outputs its endpoints, service names and task definition families. */
export async function realizeFargate(stack: StackInput, options: PulumiRealizeOptions): Promise<PulumiOutputs> {
  const graph = lowerFargateStack(stack);
  const r = await realizeFargateWithPulumi(stack.graph, graph, { stackDir: stack.dir, ...(options.env ? { env: options.env } : {}), ...(options.onGap ? { onGap: options.onGap } : {}) });
  return { endpoints: fargateEndpoints(graph), services: Object.keys(r.services).sort(), taskDefinitions: Object.keys(r.taskDefinitions).sort() };
}
