/**
 * Everything a CLI command needs to drive the engine for one stack: the lowered graph, an
 * engine client for the target's endpoint, and where secret values come from.
 */
import { BerthError } from "../../../sdk/core/errors.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import type { DockerGraph } from "../target.ts";
import { EngineClient } from "./client.ts";
import { lowerForEngine } from "./engine.ts";
import type { SecretSources } from "./secrets.ts";

/** An engine session for one stack. */
export interface EngineSession {
  readonly client: EngineClient;
  readonly graph: DockerGraph;
  readonly sources: SecretSources;
}

/**
 * Opens a session; fails clearly when the stack does not target a Docker host. `early` is a
 * client opened before the stack was loaded (so its first, slow `/info` overlaps loading): it
 * is used when it talks to the stack's endpoint.
 */
export function openSession(portable: Graph, stackDir: string, config: (key: string) => string | undefined, early?: EngineClient): EngineSession {
  const t = portable.stack.target;
  if (t.kind !== "docker-host") {
    throw new BerthError({
      code: "cli.target",
      path: portable.stack.name,
      field: "target",
      found: t.kind,
      message: `Berth's Docker host engine drives stacks whose target is DockerHost; '${portable.stack.name}' targets ${t.kind}.`,
      fix: "use `berth export` or Pulumi for this target, or deploy a DockerHost stack",
    });
  }
  const graph = lowerForEngine(portable, stackDir);
  const client = early && early.host === t.host ? early : new EngineClient(t.host ? { host: t.host } : {});
  return { client, graph, sources: { config, stackDir, env: process.env } };
}
