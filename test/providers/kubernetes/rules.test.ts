import { describe, expect, it } from "vitest";
import { checkGraph } from "../../../sdk/policy/check.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { lowerKubernetes } from "../../../providers/kubernetes/lower.ts";
import { kubernetesProvider } from "../../../providers/kubernetes/provider.ts";
import { KUBERNETES_TARGET_RULES } from "../../../providers/kubernetes/rules.ts";
import type { KubernetesGraph } from "../../../providers/kubernetes/target.ts";
import { smallKubernetesPortable } from "./fixture-graph.ts";

const now = new Date("2026-06-15T12:00:00Z");

/** The findings of one target rule, as `berth check` reports them. */
function findings(graph: Graph, rule: string, lowered: KubernetesGraph = lowerKubernetes(graph)) {
  return checkGraph(graph, { now, rules: [], target: { rules: KUBERNETES_TARGET_RULES, lowered } })
    .findings.filter((f) => f.rule === rule)
    .map((f) => [f.severity, f.path, f.field, f.found, f.message, f.fix]);
}

describe("the Kubernetes target rules", () => {
  it("are the registration's target rules", () => {
    expect(kubernetesProvider.targetRules.map((r) => r.id)).toEqual(["avail.disruption-budget", "k8s.no-default-namespace"]);
  });

  it("k8s.no-default-namespace warns in dev about a stack deploying into `default`", () => {
    expect(findings(smallKubernetesPortable({ namespace: "default" }), "k8s.no-default-namespace")).toEqual([
      ["warning", "tiny", "target.namespace", '"default"', "Stack 'tiny' deploys into the namespace 'default'.", 'new Kubernetes({ namespace: "tiny" })'],
    ]);
  });

  it("k8s.no-default-namespace fails the prod profile and says nothing about a namespace of the stack's own", () => {
    expect(findings(smallKubernetesPortable({ namespace: "default", profile: "prod" }), "k8s.no-default-namespace").map((f) => f[0])).toEqual(["error"]);
    expect(findings(smallKubernetesPortable({ profile: "prod" }), "k8s.no-default-namespace")).toEqual([]);
  });

  it("avail.disruption-budget is satisfied by the lowering's own budget for a replicated service", () => {
    expect(findings(smallKubernetesPortable({ profile: "prod" }), "avail.disruption-budget")).toEqual([]);
  });

  it("avail.disruption-budget warns in prod about a replicated Deployment without a budget, at the service's path", () => {
    const graph = smallKubernetesPortable({ profile: "prod", replicas: 3 });
    const lowered = lowerKubernetes(graph);
    const without = { ...lowered, nodes: lowered.nodes.filter((n) => n.kind !== "k8s.pod-disruption-budget") };
    expect(findings(graph, "avail.disruption-budget", without)).toEqual([
      ["warning", "tiny/api", "replicas", "3", "Service 'api' runs 3 replicas on Kubernetes without a PodDisruptionBudget.", "keep the lowering's PodDisruptionBudget (maxUnavailable: 1) for every Deployment with two or more replicas"],
    ]);
    expect(findings(smallKubernetesPortable({ replicas: 3 }), "avail.disruption-budget", without)).toEqual([]);
  });
});
