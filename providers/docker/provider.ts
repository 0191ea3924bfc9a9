/**
 * The Docker host target's registration: containers, bridge networks and named volumes on one
 * Docker engine, through Berth's engine, @pulumi/docker or a compose file.
 */
import { dockerHostCapabilities } from "./capabilities.ts";
import type { PulumiRealizer, TargetProvider } from "../shared/provider.ts";
import { lowerForEngine } from "./engine/engine.ts";
import { openDockerHostSession, warmUp } from "./engine/session.ts";
import { exportComposeFiles } from "./export.ts";
import { DOCKER_TARGET_RULES } from "./rules.ts";
import type { DockerGraph } from "./target.ts";

/** The Docker host target. */
export const dockerHostProvider: TargetProvider = {
  kind: "docker-host",
  title: "Docker host",
  capabilities: dockerHostCapabilities,
  lower: (stack) => lowerForEngine(stack.graph, stack.dir),
  targetRules: DOCKER_TARGET_RULES,
  engine: { warmUp, open: (stack) => openDockerHostSession(stack) },
  exports: [
    {
      name: "compose",
      description: "a compose file (docker compose / docker-compose), config files beside it",
      render(stack) {
        const f = exportComposeFiles(lowerForEngine(stack.graph, stack.dir));
        return { main: { name: "compose.yaml", text: f.compose }, files: f.files, secrets: f.secrets, notes: [] };
      },
    },
  ],
  pulumi: async (): Promise<PulumiRealizer> => (await import("./pulumi-realizer.ts")).realizeDockerHost,
  upCache: {
    readsConfigSecrets: (lowered) =>
      (lowered as DockerGraph).nodes.some((n) => n.kind === "docker.file" && n.content.kind === "secret" && n.content.from.kind === "config"),
  },
};
