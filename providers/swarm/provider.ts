/**
 * The swarm mode target's registration: replicated services with rolling updates and automatic
 * rollback, overlay networks, versioned secrets and configs, through Berth's engine,
 * @pulumi/docker or a stack file for `docker stack deploy`.
 */
import { swarmCapabilities } from "./capabilities.ts";
import type { PulumiRealizer, TargetProvider } from "../shared/provider.ts";
import { lowerSwarmForEngine } from "./engine.ts";
import { openSwarmEngineSession } from "./engine/session.ts";
import { exportSwarm } from "./export.ts";

/** The swarm target. */
export const swarmProvider: TargetProvider = {
  kind: "swarm",
  title: "swarm",
  capabilities: swarmCapabilities,
  lower: (stack) => lowerSwarmForEngine(stack.graph, stack.dir),
  targetRules: [],
  engine: { open: (stack, options) => openSwarmEngineSession(stack, options) },
  exports: [
    {
      name: "stack",
      aliases: ["compose"],
      description: "a stack file for `docker stack deploy` (secrets and configs under their versioned names)",
      render(stack) {
        // Secret names carry a version of their value, so they match what `berth up` creates.
        const { files, gaps } = exportSwarm(openSwarmEngineSession(stack).graph);
        const { ["stack.yaml"]: main = "", ...rest } = files;
        return { main: { name: "stack.yaml", text: main }, files: rest, secrets: {}, notes: gaps };
      },
    },
  ],
  pulumi: async (): Promise<PulumiRealizer> => (await import("./pulumi-realizer.ts")).realizeSwarm,
};
