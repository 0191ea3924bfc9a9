/**
 * The ECS/Fargate target's registration. For now it is modelled, not realized: its capability
 * table drives the portability report and `berth check`; lowering, the engine, exports and the
 * Pulumi realizer come with the Fargate target's own work.
 */
import { fargateCapabilities } from "./capabilities.ts";
import type { TargetProvider } from "../shared/provider.ts";

/** The ECS/Fargate target (checked only). */
export const fargateProvider: TargetProvider = {
  kind: "fargate",
  title: "ECS/Fargate",
  capabilities: fargateCapabilities,
  targetRules: [],
  exports: [],
};
