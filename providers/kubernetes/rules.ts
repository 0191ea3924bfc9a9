/**
 * The Kubernetes target rules: plain policy rules that read the graph lowered for Kubernetes
 * (`ctx.lowered`), run in the same `checkGraph` pass as the portable pack, with its profiles
 * and waivers. The registration's `targetRules` lists them.
 */
import { describeNode } from "../../sdk/policy/describe.ts";
import type { Rule, Violation } from "../../sdk/policy/types.ts";
import type { KubernetesGraph } from "./target.ts";

/**
 * k8s.no-default-namespace (stack-wide): the stack does not deploy into `default`, where its
 * objects mix with everything else created without a namespace and its NetworkPolicies and
 * quotas would apply to them.
 */
export const noDefaultNamespace: Rule = {
  id: "k8s.no-default-namespace",
  on: ["stack"],
  targets: ["kubernetes"],
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "A Kubernetes stack deploys into its own namespace, not `default`",
  why: "objects in `default` mix with whatever else lands there; the stack's default-deny NetworkPolicy and any quota would apply to them, and `berth down` could not tell the namespace is the stack's.",
  fix: "new Kubernetes({ namespace: \"<stack>\" })",
  needs: { lowered: true },
  check(_node, ctx) {
    const lowered = ctx.lowered as KubernetesGraph | undefined;
    if (!lowered || lowered.namespace !== "default") return [];
    return [{ field: "target.namespace", found: JSON.stringify(lowered.namespace), message: `Stack '${lowered.stack}' deploys into the namespace 'default'.`, fix: `new Kubernetes({ namespace: "${lowered.stack}" })` }];
  },
};

/**
 * avail.disruption-budget: every Deployment of two or more replicas has a PodDisruptionBudget
 * selecting its pods, so a node drain cannot take all of them at once. Berth's lowering writes
 * one; the rule holds a lowered graph (another lowering, a hand-edited one) to it.
 */
export const disruptionBudget: Rule = {
  id: "avail.disruption-budget",
  on: ["stack"],
  targets: ["kubernetes"],
  dev: "-",
  prod: "W",
  mandatory: false,
  summary: "A replicated Kubernetes service has a PodDisruptionBudget",
  why: "without one, a node drain or cluster upgrade may evict every replica at once.",
  fix: "keep the lowering's PodDisruptionBudget (maxUnavailable: 1) for every Deployment with two or more replicas",
  needs: { lowered: true },
  check(_node, ctx) {
    const lowered = ctx.lowered as KubernetesGraph | undefined;
    if (!lowered) return [];
    const out: Violation[] = [];
    for (const d of lowered.nodes) {
      if (d.kind !== "k8s.deployment" || d.object.spec.replicas < 2) continue;
      const pods = d.object.spec.template.metadata.labels;
      const covered = lowered.nodes.some((p) => p.kind === "k8s.pod-disruption-budget" && Object.entries(p.object.spec.selector.matchLabels).every(([k, v]) => pods[k] === v));
      const node = ctx.nodes.get(d.source);
      if (covered || !node) continue;
      out.push({ node, field: "replicas", found: String(d.object.spec.replicas), message: `${describeNode(node)} runs ${d.object.spec.replicas} replicas on Kubernetes without a PodDisruptionBudget.` });
    }
    return out;
  },
};

/** The Kubernetes target rules, in catalogue order. */
export const KUBERNETES_TARGET_RULES: readonly Rule[] = [disruptionBudget, noDefaultNamespace];
