/**
 * What Berth's engine sends is what the API server stores. The client library maps objects to
 * its generated models on the way out unless told otherwise, and its NetworkPolicy model calls
 * the peers of a rule `_from`: a manifest written as the API defines it (`from`) lost its peers
 * and was stored as an ingress rule of `{}` — traffic from anywhere. On the real cluster, every
 * NetworkPolicy the lowering writes for the fixture is applied through the engine's client and
 * read back with kubectl exactly as written, peers included.
 */
import { afterAll, describe, expect, it } from "vitest";
import { KubeClient, type KubeObject } from "../../../providers/kubernetes/engine/client.ts";
import { ensureNamespace, kubectl, requireCluster } from "../../support/kubernetes.ts";
import { smallKubernetesGraph } from "./fixture-graph.ts";

const NAMESPACE = "berth-netpol-apply";
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

describe("NetworkPolicies applied by Berth's Kubernetes client", () => {
  it("are stored with their rules' peers exactly as the lowering wrote them", async () => {
    requireCluster();
    cleanups.push(ensureNamespace(NAMESPACE));
    const policies = smallKubernetesGraph({ namespace: NAMESPACE }).nodes.filter((n) => n.kind === "k8s.network-policy").map((n) => n.object as unknown as KubeObject);
    expect(policies.some((p) => JSON.stringify(p.spec).includes('"from"'))).toBe(true);
    const client = new KubeClient();
    for (const p of policies) await client.apply(p);
    const stored = JSON.parse(kubectl(["get", "networkpolicies", "-n", NAMESPACE, "-o", "json"]).stdout) as { items: KubeObject[] };
    const byName = new Map(stored.items.map((o) => [o.metadata.name, o.spec]));
    for (const p of policies) expect({ name: p.metadata.name, spec: byName.get(p.metadata.name) }).toEqual({ name: p.metadata.name, spec: p.spec });
    // Read back through the client, the peers keep their API name too.
    const read = await client.list<KubeObject>("networking.k8s.io/v1", "NetworkPolicy", NAMESPACE);
    expect(JSON.stringify(read)).not.toContain("_from");
  });
});
