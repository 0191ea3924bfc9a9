import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { boundAddress } from "./host-address.ts";

const ACK = (id: string) =>
  `if it is meant to be public, say so: stack.policy.suppress("net.no-public-exposure", { on: ${id}, reason: "public storefront" })`;

/**
 * net.no-public-exposure: public exposure is explicit. Reported, for a waiver to accept:
 * on swarm every published port (its ingress listens on every address of every node, whatever
 * `hostIp` says: {@link boundAddress}), on Fargate one without a specific `hostIp` (the load
 * balancer listens publicly); on Kubernetes a LoadBalancer or NodePort service or
 * an ingress host; on Fargate a public IP.
 */
export const netNoPublicExposure: Rule = {
  id: "net.no-public-exposure",
  on: WORKLOAD_KINDS,
  targets: ["swarm", "fargate", "kubernetes"],
  dev: "-",
  prod: "E",
  mandatory: false,
  summary: "Every public exposure (ingress port, load balancer, public IP) is a recorded decision",
  why: "anything reachable from the internet is attacked within minutes; exposure should be a recorded decision.",
  fix: ACK("web"),
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w) return [];
    const k8s = w.spec.targetOptions.kubernetes;
    // Only swarm and Fargate publish ports publicly; on Kubernetes only its options expose.
    // Leave before building the fix text when nothing can be reported.
    if (ctx.target !== "swarm" && ctx.target !== "fargate" && !(ctx.target === "kubernetes" && k8s)) return [];
    const id = w.id.split("/").pop() ?? w.id;
    const out: Violation[] = [];
    const fix = ACK(id);
    if (ctx.target === "swarm" || ctx.target === "fargate") {
      w.spec.ports.forEach((p, i) => {
        if (p.published === undefined || boundAddress(p, ctx) !== undefined) return;
        out.push({ node: w, field: `ports[${i}].published`, found: `${p.hostIp ?? "0.0.0.0"}:${p.published}`, message: `${describeNode(w)} publishes port ${p.published} publicly.`, fix });
      });
    }
    if (ctx.target === "kubernetes" && k8s) {
      if (k8s.serviceType === "LoadBalancer" || k8s.serviceType === "NodePort") {
        out.push({ node: w, field: "targetOptions.kubernetes.serviceType", found: k8s.serviceType, message: `${describeNode(w)} is exposed through a ${k8s.serviceType} Service.`, fix });
      }
      if (k8s.ingressHost !== undefined) {
        out.push({ node: w, field: "targetOptions.kubernetes.ingressHost", found: k8s.ingressHost, message: `${describeNode(w)} is exposed through an Ingress at ${k8s.ingressHost}.`, fix });
      }
    }
    if (ctx.target === "fargate" && w.spec.targetOptions.fargate?.assignPublicIp) {
      out.push({ node: w, field: "targetOptions.fargate.assignPublicIp", found: "true", message: `${describeNode(w)} gets a public IP address.`, fix });
    }
    return out;
  },
};
