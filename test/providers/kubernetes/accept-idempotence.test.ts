/**
 * Acceptance of Berth's Kubernetes engine, on the real cluster: an up-to-date stack is confirmed
 * without a single mutating HTTP request (counted where every request of the client library is
 * authenticated, so none can pass uncounted), a change to one service patches that service's
 * Deployment and nothing else, and what Berth does not own — objects without its labels and
 * another stack's objects in the same namespace — is left exactly as it was by `up` and `down`
 * (same uid, same resourceVersion).
 */
import { describe, expect, it } from "vitest";
import { berthAsync, kubectl, requireCluster } from "../../support/kubernetes.ts";
import { acceptanceFile, dryRuns, mutatingRequests, sessionFor, snapshot, WEB_NAMES, webService, writeStack, type Snapshot } from "./acceptance-support.ts";

const fresh = acceptanceFile();
const TOKEN = { BERTH_CONFIG_TOKEN: "k8sacc-idem-token" };
const NAMES = [...WEB_NAMES, "Secret"];
/** The kinds Berth writes, as kubectl names them. */
const BERTH_KINDS = ["deployments.apps", "services", "serviceaccounts", "networkpolicies.networking.k8s.io", "secrets", "configmaps", "jobs.batch", "persistentvolumeclaims", "poddisruptionbudgets.policy", "ingresses.networking.k8s.io"];

/** Two services, one with a secret. */
function twoServices(apiLevel: string): string[] {
  return [
    ...webService({ name: "web", text: "web" }),
    ...webService({ name: "api", text: "api", env: { LEVEL: apiLevel }, extra: [`secrets: { token: Secret.fromConfig("token") },`] }),
  ];
}

/** The keys whose uid or resourceVersion differ between two snapshots, and those missing from the second. */
function changed(before: ReadonlyMap<string, Snapshot>, after: ReadonlyMap<string, Snapshot>): string[] {
  return [...before].filter(([k, v]) => after.get(k)?.uid !== v.uid || after.get(k)?.resourceVersion !== v.resourceVersion).map(([k]) => k).sort();
}

describe("Kubernetes acceptance: idempotence and ownership", () => {
  it("confirms an up-to-date stack with zero mutating requests, and a change to one service patches only that service's Deployment", async () => {
    requireCluster();
    const { stack, dir } = fresh("idem");
    writeStack(dir, { stack, names: NAMES, body: twoServices("info") });
    const up = await berthAsync(["up", dir, "--timeout", "120"], TOKEN);
    expect([up.code, up.stderr]).toEqual([0, ""]);

    const again = sessionFor(dir, TOKEN);
    const r = await again.up({ parallelism: 4, timeoutMs: 60_000 });
    expect([r.changed, r.applied]).toEqual([false, 0]);
    // The run did read the cluster (this is no empty log), and sent nothing else.
    expect(again.client.requests.length).toBeGreaterThan(5);
    expect(mutatingRequests(again)).toEqual([]);
    // An untouched stack costs no server-side dry-run either.
    expect(dryRuns(again)).toEqual([]);

    const owned = () => new Map([...snapshot(stack, BERTH_KINDS)].filter(([, v]) => v.stack === stack));
    const before = owned();
    expect([...before.keys()].filter((k) => k.startsWith("Deployment/")).sort()).toEqual(["Deployment/api", "Deployment/web"]);

    writeStack(dir, { stack, names: NAMES, body: twoServices("debug") });
    const change = sessionFor(dir, TOKEN);
    const changedRun = await change.up({ parallelism: 4, timeoutMs: 120_000 });
    expect([changedRun.changed, changedRun.applied]).toEqual([true, 1]);
    // Besides the stack's Lease (taken, renewed, released), one server-side apply: api's Deployment.
    expect(mutatingRequests(change).filter((m) => !m.includes("/leases"))).toEqual([`PATCH /apis/apps/v1/namespaces/${stack}/deployments/api`]);
    expect(change.client.mutations).toEqual([{ op: "apply", target: `Deployment/${stack}/api` }]);
    // The plan's field-level reasons come from dry-runs of that one object only.
    expect([...new Set(dryRuns(change))]).toEqual([`PATCH /apis/apps/v1/namespaces/${stack}/deployments/api`]);
    expect(changed(before, owned())).toEqual(["Deployment/api"]);

    const settled = sessionFor(dir, TOKEN);
    expect((await settled.up({ parallelism: 4, timeoutMs: 60_000 })).changed).toBe(false);
    expect(mutatingRequests(settled)).toEqual([]);
  }, 300_000);

  it("leaves objects without Berth's labels and another stack's objects in the same namespace untouched through up and down", async () => {
    requireCluster();
    const { stack, dir } = fresh("own");
    const { stack: other, dir: otherDir } = fresh("other");
    const ns = stack;
    // The namespace and its unlabelled objects come first: the user's, not Berth's.
    expect(kubectl(["create", "namespace", ns]).code).toBe(0);
    for (const args of [
      ["create", "configmap", "hand-made", "--from-literal=k=v"],
      ["create", "secret", "generic", "hand-secret", "--from-literal=k=v"],
      ["create", "deployment", "hand-deploy", "--image=localhost/berth/busybox:1.35", "--", "sleep", "3600"],
      ["create", "service", "clusterip", "hand-svc", "--tcp=80:8080"],
      ["create", "serviceaccount", "hand-sa"],
    ]) {
      const r = kubectl(["-n", ns, ...args]);
      expect([args.join(" "), r.code, r.stderr]).toEqual([args.join(" "), 0, ""]);
    }
    writeStack(otherDir, { stack: other, namespace: ns, names: WEB_NAMES, body: webService({ name: "other", text: "other" }) });
    const upOther = await berthAsync(["up", otherDir, "--timeout", "120"]);
    expect([upOther.code, upOther.stderr]).toEqual([0, ""]);

    const kinds = [...BERTH_KINDS, "leases.coordination.k8s.io", "replicasets.apps", "pods"];
    const theirs = () => new Map([...snapshot(ns, kinds)].filter(([k, v]) => v.stack === other || k.includes("/hand-")));
    const namespaceVersion = () => kubectl(["get", "namespace", ns, "-o", "jsonpath={.metadata.uid}/{.metadata.resourceVersion}/{.metadata.labels}"]).stdout;
    const nsBefore = namespaceVersion();
    const before = theirs();
    expect([...before.keys()].filter((k) => k.includes("/hand-") || k.startsWith("Deployment/"))).toEqual(
      expect.arrayContaining(["ConfigMap/hand-made", "Secret/hand-secret", "Deployment/hand-deploy", "Service/hand-svc", "ServiceAccount/hand-sa", "Deployment/other"]),
    );

    writeStack(dir, { stack, names: WEB_NAMES, body: webService({ name: "web", text: "first" }) });
    const up = await berthAsync(["up", dir, "--timeout", "120"]);
    expect([up.code, up.stderr]).toEqual([0, ""]);
    // The namespace is kept as it is (its one unchanged node), not taken over.
    expect(up.stdout).toContain(`'${stack}' is up: 6 changed, 1 unchanged.`);
    writeStack(dir, { stack, names: WEB_NAMES, body: webService({ name: "web", text: "second" }) });
    const update = await berthAsync(["up", dir, "--timeout", "120"]);
    expect([update.code, update.stderr]).toEqual([0, ""]);
    expect(changed(before, theirs())).toEqual([]);

    const down = await berthAsync(["down", dir]);
    expect([down.code, down.stderr]).toEqual([0, ""]);
    expect(down.stdout).toContain("- deployment web");
    expect(changed(before, theirs())).toEqual([]);
    expect(kubectl(["-n", ns, "get", "deployments,services,serviceaccounts,networkpolicies,secrets,configmaps", "-l", `berth.stack=${stack}`, "-o", "name"]).stdout).toBe("");
    // The namespace was never the stack's: it stays, with the other stack running in it.
    expect(kubectl(["get", "namespace", ns, "-o", "jsonpath={.status.phase}"]).stdout).toBe("Active");
    expect(namespaceVersion()).toBe(nsBefore);
    const plan = await berthAsync(["plan", otherDir, "--exit-code"]);
    expect(plan.code).toBe(0);
  }, 300_000);
});
