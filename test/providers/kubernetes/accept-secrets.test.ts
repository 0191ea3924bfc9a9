/**
 * Acceptance of Berth's Kubernetes engine, on the real cluster: a canary secret value reaches
 * the cluster in exactly one place, its Secret's `data`. It is in no output of the CLI (plan,
 * its JSON, export, the graph JSON, the diagram, up, ps, logs), in no event, and in no other
 * object of the namespace — every listable kind is swept, with managedFields, and the Secret's
 * own metadata (annotations such as last-applied, managedFields) is swept too.
 */
import { describe, expect, it } from "vitest";
import { berthAsync, kubectl, requireCluster } from "../../support/kubernetes.ts";
import { acceptanceFile, allObjects, listableKinds, WEB_NAMES, webService, writeStack } from "./acceptance-support.ts";

const fresh = acceptanceFile();
const CANARY = "k8sacc-canary-5d3e-never-outside-its-secret";
/** Every form the value could leak in: as is, base64 (as a Secret stores it), base64url, hex. */
const FORMS = [CANARY, Buffer.from(CANARY).toString("base64"), Buffer.from(CANARY).toString("base64url"), Buffer.from(CANARY).toString("hex")];
const leaks = (text: string) => FORMS.some((f) => text.includes(f));

describe("Kubernetes acceptance: a secret value stays in its Secret", () => {
  it("keeps a canary secret value out of every CLI output, every event and every object of the namespace but its Secret's data", async () => {
    requireCluster();
    const { stack, dir } = fresh("canary");
    const env = { BERTH_CONFIG_TOKEN: CANARY, BERTH_CONFIG_MOTD: "hello" };
    const body = (text: string) => [
      ...webService({ text, says: "web-started", extra: [`secrets: { token: Secret.fromConfig("token") },`, `configs: { "/etc/motd": Config.fromConfig("motd") },`] }),
      `new Job(stack, "uses-token", { image: Image.fromRegistry("localhost/berth/busybox:1.35"), command: ["sh", "-c", "test -s /run/secrets/token && echo token-present"], secrets: { token: Secret.fromConfig("token") }, retries: 0, resources: { cpu: 0.05, memory: Size.mebibytes(16) }, user: "10001:10001" });`,
    ];
    writeStack(dir, { stack, names: [...WEB_NAMES, "Secret", "Config", "Job"], body: body("first") });

    const outputs: Record<string, string> = {};
    const run = async (name: string, args: string[]) => {
      const r = await berthAsync(args, env);
      outputs[name] = `${r.stdout}\n${r.stderr}`;
      return r;
    };
    await run("plan", ["plan", dir]);
    await run("plan --json", ["plan", dir, "--json"]);
    const up = await run("up", ["up", dir, "--timeout", "120"]);
    expect([up.code, up.stderr]).toEqual([0, ""]);
    writeStack(dir, { stack, names: [...WEB_NAMES, "Secret", "Config", "Job"], body: body("second") });
    await run("plan of a change", ["plan", dir]);
    const upJson = await run("up --json", ["up", dir, "--timeout", "120", "--json"]);
    expect(upJson.code).toBe(0);
    await run("export", ["export", dir, "--format", "kubernetes"]);
    await run("synth", ["synth", dir]);
    await run("graph", ["graph", dir]);
    await run("ps", ["ps", dir]);
    const logs = await run("logs", ["logs", dir, "uses-token"]);
    expect(logs.stdout).toContain("token-present");
    await run("logs web", ["logs", dir, "web"]);
    outputs.events = kubectl(["-n", stack, "get", "events", "-o", "json"]).stdout;
    // Each output exists (a command that failed early would prove nothing).
    for (const [name, text] of Object.entries(outputs)) expect([name, text.trim().length > 0]).toEqual([name, true]);
    expect(Object.entries(outputs).filter(([, text]) => leaks(text)).map(([name]) => name)).toEqual([]);

    const kinds = listableKinds();
    expect(kinds).toEqual(expect.arrayContaining(["pods", "secrets", "configmaps", "deployments.apps", "replicasets.apps", "jobs.batch", "leases.coordination.k8s.io", "endpoints"]));
    const objects = allObjects(stack, kinds);
    expect(objects.length).toBeGreaterThan(10);
    const holding = objects.filter((o) => leaks(JSON.stringify(o))).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(holding).toHaveLength(1);
    const secret = objects.find((o) => `${o.kind}/${o.metadata.name}` === holding[0]) as unknown as { kind: string; metadata: object; data: Record<string, string> };
    expect(secret.kind).toBe("Secret");
    expect(Object.values(secret.data)).toEqual([Buffer.from(CANARY).toString("base64")]);
    // Not in its annotations (no last-applied-configuration), labels or managedFields.
    expect(leaks(JSON.stringify(secret.metadata))).toBe(false);
    expect(JSON.stringify(secret.metadata)).not.toContain("last-applied-configuration");
    // Nor in the namespace object (cluster-scoped).
    expect(leaks(kubectl(["get", "namespace", stack, "-o", "json", "--show-managed-fields"]).stdout)).toBe(false);
  }, 300_000);
});
