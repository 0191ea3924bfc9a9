/**
 * Berth networks as NetworkPolicies, with Docker's semantics: pods that share a Berth network
 * can talk to each other on any port; pods that share none cannot; published ports are open to
 * everyone. A cluster network is flat, so this takes:
 *
 * - a label per network on the pods that join it (`berth.net/<network>: "true"`; workloads
 *   that name no network join the stack's default network, as on Docker);
 * - `<stack>-default-deny`: no ingress to the stack's pods unless a policy below admits it;
 * - one policy per network admitting ingress from the network's members;
 * - one per workload with published ports admitting ingress to those ports from anywhere;
 * - for an internal network, `<network>-egress`: the pods whose every network is internal
 *   (`berth.egress: internal`) may send only to members of their networks, and DNS (port 53 to
 *   any address: the cluster's DNS server is not always a pod). A pod that also joins a
 *   non-internal network keeps its egress, as a Docker container on a second network does.
 *
 * NetworkPolicies are enforced by the cluster's network plugin; one without policy support
 * (a plain bridge) accepts them and enforces nothing.
 */
import type { ObjectMeta, NetworkPolicy } from "./objects.ts";
import { INTERNAL_EGRESS_LABEL, NETWORK_LABEL_PREFIX } from "./labels.ts";
import { LABELS } from "../shared/labels.ts";

/** A network as the policies need it. */
export interface PolicyNetwork {
  /** Its Kubernetes name (`shop-backend`, `shop-default`). */
  readonly name: string;
  readonly internal: boolean;
}

/** The pod label marking membership of a network. */
export function networkLabel(network: string): string {
  return `${NETWORK_LABEL_PREFIX}${network}`;
}

/** The labels a pod gets for its networks (none for host-network pods). */
export function membershipLabels(networks: readonly PolicyNetwork[]): Record<string, string> {
  const labels: Record<string, string> = Object.fromEntries(networks.map((n) => [networkLabel(n.name), "true"]));
  if (networks.length > 0 && networks.every((n) => n.internal)) labels[INTERNAL_EGRESS_LABEL] = "internal";
  return labels;
}

/** No ingress to the stack's pods but what another policy admits. */
export function defaultDeny(meta: ObjectMeta, stack: string): NetworkPolicy {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta, spec: { podSelector: { matchLabels: { [LABELS.stack]: stack } }, policyTypes: ["Ingress"] } };
}

/** Members of a network admit ingress from members. */
export function networkIngress(meta: ObjectMeta, network: PolicyNetwork): NetworkPolicy {
  const members = { [networkLabel(network.name)]: "true" };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta,
    spec: { podSelector: { matchLabels: members }, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: { matchLabels: members } }] }] },
  };
}

/** Pods only on internal networks send to members of this network and to DNS only. */
export function internalEgress(meta: ObjectMeta, network: PolicyNetwork): NetworkPolicy {
  const members = { [networkLabel(network.name)]: "true" };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta,
    spec: {
      podSelector: { matchLabels: { ...members, [INTERNAL_EGRESS_LABEL]: "internal" } },
      policyTypes: ["Egress"],
      egress: [
        { to: [{ podSelector: { matchLabels: members } }] },
        { ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
      ],
    },
  };
}

/** A workload's published container ports admit ingress from anywhere. */
export function publishedIngress(meta: ObjectMeta, selector: Record<string, string>, ports: readonly { container: number; protocol: "tcp" | "udp" }[]): NetworkPolicy {
  const unique = [...new Map(ports.map((p) => [`${p.container}/${p.protocol}`, { protocol: p.protocol === "udp" ? ("UDP" as const) : ("TCP" as const), port: p.container }])).values()];
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta,
    spec: { podSelector: { matchLabels: { ...selector } }, policyTypes: ["Ingress"], ingress: [{ ports: unique }] },
  };
}
