/**
 * The Docker host's Pulumi realizer as the provider seam calls it: the graph lowered exactly as
 * Berth's engine lowers it (same state directory, same content tags), realized with
 * @pulumi/docker, so `pulumi up` and `berth up` create the same objects.
 */
import type { PulumiOutputs, PulumiRealizeOptions, StackInput } from "../shared/provider.ts";
import { lowerForEngine } from "./engine/engine.ts";
import { endpoints } from "./engine/endpoints.ts";
import { realizeDockerWithPulumi } from "./pulumi.ts";
import type { DockerContainerNode } from "./target.ts";

/** Realizes a Docker host stack; outputs its endpoints and container names. */
export function realizeDockerHost(stack: StackInput, options: PulumiRealizeOptions): PulumiOutputs {
  const docker = lowerForEngine(stack.graph, stack.dir);
  realizeDockerWithPulumi(docker, { stackDir: stack.dir, ...(options.env ? { env: options.env } : {}), ...(options.onGap ? { onGap: options.onGap } : {}) });
  return {
    endpoints: endpoints(docker),
    containers: docker.nodes.filter((n): n is DockerContainerNode => n.kind === "docker.container").map((n) => n.name),
  };
}
