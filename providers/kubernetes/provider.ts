/**
 * The Kubernetes target's registration: lowering to one manifest per object, its target rules,
 * Berth's own engine (engine/session.ts: server-side apply, waits, a Lease as the stack lock)
 * a multi-document YAML export for `kubectl apply --server-side`, and a Pulumi realizer
 * (pulumi-realizer.ts, @pulumi/kubernetes, loaded only under `pulumi up`) applying the same objects.
 */
import { kubernetesCapabilities } from "./capabilities.ts";
import { contextHashes } from "../shared/docker-api/images.ts";
import type { PulumiRealizer, StackInput, TargetProvider } from "../shared/provider.ts";
import { exportKubernetes, KUBERNETES_EXPORT_FILE } from "./export.ts";
import { openKubernetesSession } from "./engine/session.ts";
import { lowerKubernetes } from "./lower.ts";
import { KUBERNETES_TARGET_RULES } from "./rules.ts";
import type { KubernetesGraph } from "./target.ts";

/** Lowers a stack as `berth check` and the export see it: built images tagged by their context's content. */
export function lowerKubernetesStack(stack: StackInput): KubernetesGraph {
  return lowerKubernetes(stack.graph, { stackDir: stack.dir, contextHashes: contextHashes(stack.graph, stack.dir) });
}

/** The Kubernetes target. */
export const kubernetesProvider: TargetProvider = {
  kind: "kubernetes",
  title: "Kubernetes",
  capabilities: kubernetesCapabilities,
  lower: lowerKubernetesStack,
  targetRules: KUBERNETES_TARGET_RULES,
  engine: { open: (stack, options) => openKubernetesSession(stack, options) },
  upCache: {
    readsConfigSecrets: (lowered) => (lowered as KubernetesGraph).nodes.some((n) => n.kind === "k8s.secret" && n.from.kind === "config"),
  },
  exports: [
    {
      name: "kubernetes",
      aliases: ["k8s", "yaml"],
      description: "multi-document YAML for `kubectl apply --server-side -f` (Secrets without values)",
      render(stack) {
        const { text, secrets, notes } = exportKubernetes(lowerKubernetesStack(stack));
        return { main: { name: KUBERNETES_EXPORT_FILE, text }, files: {}, secrets, notes };
      },
    },
  ],
  pulumi: async (): Promise<PulumiRealizer> => (await import("./pulumi-realizer.ts")).realizeKubernetes,
};
