/**
 * The Kubernetes target's registration. For now it is modelled, not realized: its capability
 * table drives the portability report and `berth check`; lowering, the engine, exports and the
 * Pulumi realizer come with the Kubernetes target's own work.
 */
import { kubernetesCapabilities } from "./capabilities.ts";
import type { TargetProvider } from "../shared/provider.ts";

/** The Kubernetes target (checked only). */
export const kubernetesProvider: TargetProvider = {
  kind: "kubernetes",
  title: "Kubernetes",
  capabilities: kubernetesCapabilities,
  targetRules: [],
  exports: [],
};
