/**
 * The swarm Pulumi realizer as the provider seam calls it: the graph lowered as Berth's engine
 * lowers it and realized with @pulumi/docker. Secret names are versioned by their references
 * here: under Pulumi the values are Pulumi config secrets, which lowering cannot read.
 */
import type { PulumiOutputs, PulumiRealizeOptions, StackInput } from "../shared/provider.ts";
import { lowerSwarmForEngine } from "./engine.ts";
import { swarmEndpoints } from "./engine/session.ts";
import { realizeSwarmWithPulumi } from "./pulumi.ts";

/** Realizes a swarm stack; outputs its endpoints and service names. */
export function realizeSwarm(stack: StackInput, options: PulumiRealizeOptions): PulumiOutputs {
  const graph = lowerSwarmForEngine(stack.graph, stack.dir);
  const { services } = realizeSwarmWithPulumi(graph, { stackDir: stack.dir, ...(options.env ? { env: options.env } : {}), ...(options.onGap ? { onGap: options.onGap } : {}) });
  return { endpoints: swarmEndpoints(graph), services: Object.keys(services).sort() };
}
