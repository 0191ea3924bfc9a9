/**
 * The URLs a deployed Docker host stack answers on, from its published ports: what `berth up`
 * prints after a run (and the no-op fast path prints the same).
 */
import type { DockerContainerNode, DockerGraph } from "../target.ts";

/** One line per published port: `<container>: http://<address>:<port>`. */
export function endpoints(graph: DockerGraph): string[] {
  return graph.nodes
    .filter((n): n is DockerContainerNode => n.kind === "docker.container")
    .flatMap((n) =>
      Object.values(n.create.HostConfig.PortBindings)
        .flat()
        .map((b) => `${n.name}: http://${b.HostIp === "0.0.0.0" ? "127.0.0.1" : b.HostIp}:${b.HostPort}`),
    );
}
