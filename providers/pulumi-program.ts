/**
 * The Pulumi entry for a Berth stack: synthesize, lower for the stack's target and realize the
 * target graph as Pulumi resources. A stack's Pulumi main (e.g. stacks/dev/pulumi.ts) is
 * `export default () => pulumiProgram(stack, { dir: import.meta.dirname })`.
 */
import { BerthError } from "../sdk/core/errors.ts";
import { readLock } from "../sdk/config/lock-file.ts";
import type { Stack } from "../sdk/constructs/stack.ts";
import { synth } from "../sdk/constructs/synth.ts";
import { lowerForEngine } from "./docker/engine/engine.ts";
import { realizeDockerWithPulumi, type RealizeDockerOptions } from "./docker/pulumi.ts";
import type { DockerContainerNode } from "./docker/target.ts";

/** Options of {@link pulumiProgram}. */
export interface PulumiProgramOptions extends Pick<RealizeDockerOptions, "env" | "onGap"> {
  /** The stack directory (its `berth.lock`, build contexts, relative secret files). */
  readonly dir: string;
}

/** The stack outputs of a Berth program under Pulumi. */
export interface PulumiProgramOutputs {
  /** `<container>: http://<ip>:<port>` for every published port, as `berth up` prints them. */
  readonly endpoints: string[];
  /** Docker container names. */
  readonly containers: string[];
}

/**
 * Realizes a Berth stack with Pulumi. The graph is lowered exactly as Berth's engine lowers it
 * (same state directory, same content tags), so `pulumi up` and `berth up` create the same
 * objects. Targets without a Pulumi realizer yet fail with a {@link BerthError}.
 */
export function pulumiProgram(stack: Stack, options: PulumiProgramOptions): PulumiProgramOutputs {
  const graph = synth(stack, { config: stack.config, lock: readLock(options.dir) });
  const target = graph.stack.target;
  if (target.kind !== "docker-host") {
    throw new BerthError({
      code: "pulumi.target",
      path: graph.stack.name,
      field: "target",
      found: target.kind,
      message: `Berth realizes ${target.kind} stacks with Pulumi in a later release; only DockerHost stacks are realized with Pulumi now.`,
      fix: "deploy this stack with `berth export` for its platform, or use a DockerHost target",
    });
  }
  const docker = lowerForEngine(graph, options.dir);
  realizeDockerWithPulumi(docker, { stackDir: options.dir, ...(options.env ? { env: options.env } : {}), ...(options.onGap ? { onGap: options.onGap } : {}) });
  const containers = docker.nodes.filter((n): n is DockerContainerNode => n.kind === "docker.container");
  return {
    endpoints: containers.flatMap((n) =>
      Object.values(n.create.HostConfig.PortBindings)
        .flat()
        .map((b) => `${n.name}: http://${b.HostIp === "0.0.0.0" ? "127.0.0.1" : b.HostIp}:${b.HostPort}`),
    ),
    containers: containers.map((n) => n.name),
  };
}
