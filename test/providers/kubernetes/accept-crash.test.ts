/**
 * Acceptance of Berth's Kubernetes engine, on the real cluster: crash safety and concurrency.
 *
 * - `berth up` is SIGKILLed at seeded random points (the mechanism of the Docker and swarm crash
 *   tests: a seeded delay, then SIGKILL) while it creates the stack from nothing, or rotates its
 *   secret and updates its Deployment; the next `up` converges at once (the killed run's Lease
 *   names a process of this machine that is gone, so it is taken over without waiting for it to
 *   expire), the plan is empty, and the namespace holds exactly the stack's objects: no
 *   duplicate, nothing unowned, no Lease left, the secret's current value;
 * - two `up`s of one stack at once: one applies, the other waits for the Lease and then finds
 *   nothing to do, so nothing is applied twice.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { berthAsync, kubeconfig, kubectl, REPO_ROOT, requireCluster } from "../../support/kubernetes.ts";
import { seededRandom } from "../../support/seeded-random.ts";
import { acceptanceFile, BUSYBOX, writeStack } from "./acceptance-support.ts";

const fresh = acceptanceFile();
const ROUNDS = 10;
const NAMES = ["Duration", "Image", "Secret", "Service", "Size"];

/** A worker reading its secret (no probe: ready when running, so a round is quick). */
function worker(round: number): string[] {
  return [
    `new Service(stack, "app", {`,
    `  image: Image.fromRegistry(${JSON.stringify(BUSYBOX)}),`,
    `  command: ["sh", "-c", "cat /run/secrets/token >/dev/null && exec sleep 3600"],`,
    `  env: { ROUND: ${JSON.stringify(String(round))} },`,
    `  secrets: { token: Secret.fromConfig("token") },`,
    `  resources: { cpu: 0.05, memory: Size.mebibytes(16) },`,
    `  user: "10001:10001",`,
    `  stopGracePeriod: Duration.seconds(1),`,
    `});`,
  ];
}

/** The kinds Berth writes plus what their controllers make and the lock, as kubectl names them. */
const KINDS = "deployments.apps,replicasets.apps,pods,services,serviceaccounts,networkpolicies.networking.k8s.io,secrets,configmaps,jobs.batch,leases.coordination.k8s.io";

interface Listed {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string; ownerReferences?: { kind: string }[] };
  spec?: { replicas?: number };
  type?: string;
  data?: Record<string, string>;
}

/** What the namespace holds: the stack's objects and unowned ones as `Kind/name` (what controllers own aside), live pods, ReplicaSets with replicas, Leases. */
function inventory(ns: string, stack: string): { owned: string[]; unowned: string[]; replicaSets: number; pods: number; leases: number; token: string } {
  const items = (JSON.parse(kubectl(["-n", ns, "get", KINDS, "-o", "json"]).stdout) as { items: Listed[] }).items;
  const key = (o: Listed) => `${o.kind}/${o.metadata.name}`;
  // What the cluster itself adds to every namespace, and what controllers own (pods, ReplicaSets).
  const cluster = (o: Listed) => key(o) === "ConfigMap/kube-root-ca.crt" || key(o) === "ServiceAccount/default" || o.type === "kubernetes.io/service-account-token";
  const controlled = (o: Listed) => (o.metadata.ownerReferences ?? []).length > 0;
  const secret = items.find((o) => o.kind === "Secret" && o.metadata.labels?.["berth.stack"] === stack);
  return {
    owned: items.filter((o) => o.metadata.labels?.["berth.stack"] === stack && o.kind !== "Lease" && !controlled(o)).map(key).sort(),
    unowned: items.filter((o) => o.metadata.labels?.["berth.stack"] !== stack && !cluster(o) && !controlled(o)).map(key).sort(),
    replicaSets: items.filter((o) => o.kind === "ReplicaSet" && (o.spec?.replicas ?? 0) > 0).length,
    pods: items.filter((o) => o.kind === "Pod" && !o.metadata.deletionTimestamp).length,
    leases: items.filter((o) => o.kind === "Lease").length,
    token: Buffer.from(Object.values(secret?.data ?? {})[0] ?? "", "base64").toString(),
  };
}

describe("Kubernetes acceptance: crash safety and concurrency", () => {
  it(`converges after \`berth up\` is SIGKILLed at ${ROUNDS} seeded random points, with no duplicate and no unowned object`, async () => {
    requireCluster();
    const { stack, dir } = fresh("crash");
    // The namespace is the user's, so a round that starts from nothing (down) keeps it.
    expect(kubectl(["create", "namespace", stack]).code).toBe(0);
    const random = seededRandom(20261205);
    const env = (round: number) => ({ BERTH_CONFIG_TOKEN: `token-${round}` });
    let expected: string[] | undefined;
    let landed = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      // Rounds 1 and 6 start from nothing; the others rotate the secret and update the Deployment.
      writeStack(dir, { stack, names: NAMES, body: worker(round) });
      if (round % 5 === 1) {
        const down = await berthAsync(["down", dir], env(round));
        expect([round, down.code, down.stderr]).toEqual([round, 0, ""]);
      }
      const child = spawn(process.execPath, [`${REPO_ROOT}bin/berth.js`, "up", dir, "--timeout", "120"], { cwd: REPO_ROOT, env: { ...process.env, KUBECONFIG: kubeconfig(), ...env(round) }, stdio: "ignore" });
      const exited = new Promise((r) => child.once("exit", r));
      await Promise.race([exited, new Promise((r) => setTimeout(r, 400 + Math.floor(random() * 4000)))]);
      if (child.exitCode === null) landed++;
      child.kill("SIGKILL");
      await exited;

      const converge = await berthAsync(["up", dir, "--timeout", "120", "--lock-timeout", "20"], env(round));
      expect([round, converge.code, converge.stderr]).toEqual([round, 0, ""]);
      const plan = await berthAsync(["plan", dir, "--exit-code"], env(round));
      expect([round, plan.code]).toEqual([round, 0]);
      // The converging up waited for the rollout (an unfinished one is a pending update); this
      // confirms it with kubectl's own judgement before counting.
      const rollout = kubectl(["-n", stack, "rollout", "status", "deployment/app", "--timeout=120s"]);
      expect([round, rollout.code]).toEqual([round, 0]);
      const seen = inventory(stack, stack);
      expected ??= seen.owned;
      expect({ round, ...seen }).toEqual({ round, owned: expected, unowned: [], replicaSets: 1, pods: 1, leases: 0, token: `token-${round}` });
    }
    expect(expected).toEqual([`ConfigMap/${stack}-applyset`, "Deployment/app", `NetworkPolicy/${stack}-default`, `NetworkPolicy/${stack}-default-deny`, "Secret/secret-token", "ServiceAccount/app"]);
    // Most kills must land while the run works, or the test proves nothing.
    expect(landed).toBeGreaterThanOrEqual(ROUNDS - 2);
  }, 900_000);

  it("runs two concurrent ups of one stack one after the other: one applies, the other waits for the Lease and applies nothing", async () => {
    requireCluster();
    const { stack, dir } = fresh("conc");
    writeStack(dir, { stack, names: NAMES, body: worker(1) });
    const env = { BERTH_CONFIG_TOKEN: "token-1" };
    const [a, b] = await Promise.all([berthAsync(["up", dir, "--timeout", "120"], env), berthAsync(["up", dir, "--timeout", "120"], env)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const outputs = [a.stdout, b.stdout];
    expect(outputs.filter((o) => o.includes(`No changes: '${stack}' is up to date.`))).toHaveLength(1);
    expect(outputs.filter((o) => /is up: \d+ changed/.test(o))).toHaveLength(1);
    // Whichever was second either waited for the Lease (and said so) or started after the first finished.
    const second = a.stdout.includes("No changes") ? a : b;
    expect(second.stdout).not.toMatch(/: started$/m);
    const seen = inventory(stack, stack);
    expect([seen.unowned, seen.replicaSets, seen.pods, seen.leases]).toEqual([[], 1, 1, 0]);
    // Applied once: the Deployment is at its first generation.
    expect(kubectl(["-n", stack, "get", "deployment", "app", "-o", "jsonpath={.metadata.generation}"]).stdout).toBe("1");
  }, 300_000);
});
