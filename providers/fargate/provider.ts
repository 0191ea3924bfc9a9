/**
/**
 * The ECS/Fargate target's registration: lowering to one node per AWS object, its target rules,
 * Berth's own engine on the AWS API (engine/session.ts: SDK v3 clients, ownership by tags, an
 * SSM parameter as the stack lock), the `ecs` export (task definition and service JSON for the
 * AWS CLI) and the Pulumi realizer (@pulumi/aws, loaded only under `pulumi up`).
 */
import { fargateCapabilities } from "./capabilities.ts";
import { contextHashes } from "../shared/docker-api/images.ts";
import type { PulumiRealizer, StackInput, TargetProvider } from "../shared/provider.ts";
import { openFargateSession } from "./engine/session.ts";
import { exportEcs } from "./export.ts";
import { lowerFargate } from "./lower.ts";
import { FARGATE_TARGET_RULES } from "./rules.ts";
import type { FargateGraph } from "./target.ts";

/** Lowers a stack as `berth check` and the export see it: built images tagged by their context's content. */
export function lowerFargateStack(stack: StackInput): FargateGraph {
  return lowerFargate(stack.graph, { stackDir: stack.dir, contextHashes: contextHashes(stack.graph, stack.dir) });
}

/** The ECS/Fargate target. */
export const fargateProvider: TargetProvider = {
  kind: "fargate",
  title: "ECS/Fargate",
  capabilities: fargateCapabilities,
  lower: lowerFargateStack,
  targetRules: FARGATE_TARGET_RULES,
  // Each mutation is one AWS API call that only records the change (AWS does the work after it),
  // so a phase's creates go out together; a throttled call is retried by the SDK with backoff.
  engine: { parallelism: 16, open: (stack, options) => openFargateSession(stack, options) },
  exports: [
    {
      name: "ecs",
      aliases: ["fargate"],
      description: "per workload the task definition and service JSON for `aws ecs register-task-definition|create-service --cli-input-json` (secret ARNs only)",
      render: (stack) => exportEcs(lowerFargateStack(stack)),
    },
  ],
  pulumi: async (): Promise<PulumiRealizer> => (await import("./pulumi-realizer.ts")).realizeFargate,
};
