/**
 * A KubernetesDeployment under `pulumi up`: the realizer has no code of its own for it — the
 * Deployment the lowering writes becomes a typed apps/v1 Deployment resource whose arguments are
 * exactly the object Berth's engine applies, ordered after its ServiceAccount and before the
 * portable Service that depends on it.
 */
import { describe, expect, it } from "vitest";
import { desiredObject } from "../../../providers/kubernetes/engine/apply.ts";
import { lowerKubernetes } from "../../../providers/kubernetes/lower.ts";
import { realizeKubernetesWithPulumi } from "../../../providers/kubernetes/pulumi.ts";
import { recordRealization } from "../../support/pulumi-mocks.ts";
import { nodeOf } from "./fixture-graph.ts";
import { KD_CANARY, kubernetesDeploymentPortable } from "./kubernetes-deployment-fixture.ts";

describe("a KubernetesDeployment realized with Pulumi", () => {
  const run = recordRealization({
    project: "mixed",
    secretConfig: { "mixed:dbPassword": KD_CANARY },
    graph: () => lowerKubernetes(kubernetesDeploymentPortable()),
    realize: (g) => realizeKubernetesWithPulumi(g),
  });

  it("becomes an apps/v1 Deployment whose arguments are the object the engine applies", () => {
    const api = run.byName("api");
    expect(api.type).toBe("kubernetes:apps/v1:Deployment");
    expect(api.inputs).toEqual(JSON.parse(JSON.stringify(desiredObject(nodeOf(run.graph, "api", "k8s.deployment"), new Map()))));
  });

  it("is applied after its ServiceAccount, and the portable Service that depends on it waits for it", () => {
    expect(run.byName("api").dependsOn).toContain("api#service-account");
    expect(run.byName("web").dependsOn).toContain("api");
  });

  it("never carries the secret value outside its Secret", () => {
    const outside = run.registered.filter((r) => r.type !== "kubernetes:core/v1:Secret");
    expect(JSON.stringify(outside.map((r) => r.inputs))).not.toContain(KD_CANARY);
  });
});
