/**
 * The swarm engine against a real single-node swarm. The tests run in order on one stack:
 * deploy, no-op, scale, drift, rolling update under load, automatic rollback, secret rotation,
 * down. Each states what it needs from the one before.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BerthError } from "../../../sdk/core/errors.ts";
import type { ProgressEvent } from "../../../providers/docker/engine/apply.ts";
import { downSwarm, openSwarmSession, planSwarmStack, psSwarm, swarmHasChanges, upSwarm } from "../../../providers/swarm/engine.ts";
import { tempStateDir, uniqueStack } from "../../support/docker.ts";
import { cleanupSwarmStack, docker, ensureSwarm, ensureSwarmBaseImage, startProber, swarmOwned, waitForBody } from "../../support/swarm.ts";
import { contextRoot, httpStack, type HttpStackOptions } from "./http-stack.ts";

const stack = uniqueStack("sw");
const port = 24000 + Math.floor(Math.random() * 900);
const url = `http://127.0.0.1:${port}/cgi-bin/proxy`;
const root = contextRoot();
const stateDir = tempStateDir();
process.env.BERTH_STATE_DIR = stateDir;

/** Opens a session on the stack as `o` describes it. */
function session(o: HttpStackOptions) {
  const token = o.token ?? "token-1";
  return openSwarmSession(httpStack(stack, port, root, o), root, (k) => (k === "token" ? token : undefined));
}

async function serviceId(name: string): Promise<string> {
  const list = (await docker.listServices({ filters: { name: [name] } })) as { ID: string; Spec: { Name: string } }[];
  return list.find((s) => s.Spec.Name === name)?.ID ?? "";
}

describe.sequential("the swarm engine on a single-node swarm", () => {
  beforeAll(async () => {
    await ensureSwarm();
    await ensureSwarmBaseImage();
    await cleanupSwarmStack(stack);
  }, 180_000);

  afterAll(async () => {
    await cleanupSwarmStack(stack);
    rmSync(root, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }, 180_000);

  it("refuses to plan when an object Berth does not own holds a name the stack needs, and touches nothing", async () => {
    const s = session({ version: "v1" });
    const name = s.graph.nodes.find((n) => n.kind === "swarm.secret")!.name;
    const decoy = (await docker.createSecret({ Name: name, Data: Buffer.from("decoy").toString("base64") })) as { id: string };
    try {
      const error = await planSwarmStack(s.client, s.graph).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(BerthError);
      expect((error as BerthError).issues.map((i) => [i.code, i.field, i.found])).toEqual([["engine.name-taken", "secret", name]]);
      expect(s.client.engine.mutations).toEqual([]);
    } finally {
      await docker.getSecret(decoy.id).remove();
    }
  }, 60_000);

  it("deploys a job and a healthy 2-replica HTTP service, creating the service only after the job completed", async () => {
    const s = session({ version: "v1" });
    const events: ProgressEvent[] = [];
    const r = await upSwarm(s.client, s.graph, s.sources, { onEvent: (e) => events.push(e) });
    expect(swarmHasChanges(r.plan)).toBe(true);
    const owned = await swarmOwned(stack);
    expect(owned.services).toEqual([`${stack}-front`, `${stack}-migrate`, `${stack}-web`]);
    expect(owned.networks).toEqual([`${stack}-net`]);
    expect(owned.secrets).toEqual([s.graph.nodes.find((n) => n.kind === "swarm.secret")!.name]);
    expect(owned.configs).toEqual([s.graph.nodes.find((n) => n.kind === "swarm.config")!.name]);
    const at = (name: string, status: string) => events.findIndex((e) => e.name === name && e.status === status);
    expect(at(`${stack}-migrate`, "done")).toBeGreaterThan(-1);
    expect(at(`${stack}-migrate`, "done")).toBeLessThan(at(`${stack}-web`, "started"));
    expect(at(`${stack}-web`, "done")).toBeLessThan(at(`${stack}-front`, "started"));
    const ps = await psSwarm(s.client, stack);
    expect(ps.filter((t) => t.node === "web").map((t) => [t.state, t.health])).toEqual([["running", "healthy"], ["running", "healthy"]]);
    expect(ps.filter((t) => t.node === "migrate").map((t) => t.state)).toEqual(["complete"]);
    expect(await waitForBody(url, "v1", 30_000)).toBe("v1\ntoken-1");
  }, 300_000);

  it("makes zero mutating calls on a second up", async () => {
    const s = session({ version: "v1" });
    const r = await upSwarm(s.client, s.graph, s.sources);
    expect(r.plan.changes.filter((c) => c.op !== "noop")).toEqual([]);
    expect(s.client.engine.mutations).toEqual([]);
  }, 120_000);

  it("scales a service by updating it in place, never by deleting and recreating it", async () => {
    const before = await serviceId(`${stack}-web`);
    const s = session({ version: "v1", replicas: 3 });
    const p = await planSwarmStack(s.client, s.graph);
    expect(p.changes.filter((c) => c.op !== "noop").map((c) => [c.op, c.name, c.fields])).toEqual([["update", `${stack}-web`, ["Mode"]]]);
    await upSwarm(s.client, s.graph, s.sources);
    expect(s.client.engine.mutations).toEqual([{ op: "service.update", target: `${stack}-web` }]);
    expect(await serviceId(`${stack}-web`)).toBe(before);
    expect((await psSwarm(s.client, stack)).filter((t) => t.node === "web" && t.state === "running")).toHaveLength(3);
    const back = session({ version: "v1" });
    await upSwarm(back.client, back.graph, back.sources);
    expect((await psSwarm(back.client, stack)).filter((t) => t.node === "web" && t.state === "running")).toHaveLength(2);
  }, 300_000);

  it("reports drift when a service is scaled out of band, and the next up puts it back", async () => {
    const id = await serviceId(`${stack}-web`);
    const svc = docker.getService(id);
    const live = (await svc.inspect()) as { Version: { Index: number }; Spec: Record<string, unknown> };
    await svc.update({ version: live.Version.Index, ...live.Spec, Mode: { Replicated: { Replicas: 1 } } } as never);
    const s = session({ version: "v1" });
    const p = await planSwarmStack(s.client, s.graph);
    expect(p.changes.filter((c) => c.op !== "noop").map((c) => [c.op, c.name, c.fields, c.drift])).toEqual([["update", `${stack}-web`, ["Mode"], true]]);
    await upSwarm(s.client, s.graph, s.sources);
    expect((await planSwarmStack(s.client, s.graph)).changes.filter((c) => c.op !== "noop")).toEqual([]);
  }, 300_000);

  it("rolls a 2-replica HTTP service to a new image with zero failed requests (start-first, health-gated)", async () => {
    const before = await serviceId(`${stack}-web`);
    const s = session({ version: "v2" });
    const prober = startProber(url, 20, 60_000);
    await upSwarm(s.client, s.graph, s.sources);
    await new Promise((r) => setTimeout(r, 1000));
    const seen = await prober.stop();
    expect({ failed: seen.failed, errors: seen.errors }).toEqual({ failed: 0, errors: [] });
    expect(seen.ok).toBeGreaterThan(20);
    expect(seen.bodies).toEqual(["v1\ntoken-1", "v2\ntoken-1"]);
    expect(s.client.engine.mutations.filter((m) => m.op.startsWith("service."))).toEqual([{ op: "service.update", target: `${stack}-web` }]);
    expect(await serviceId(`${stack}-web`)).toBe(before);
  }, 300_000);

  it("rolls back an update whose healthcheck fails, fails naming the service and the task error, and the old version keeps serving", async () => {
    const s = session({ version: "v3", broken: true });
    const prober = startProber(url, 20, 60_000);
    const error = await upSwarm(s.client, s.graph, s.sources).then(
      () => undefined,
      (e: unknown) => e,
    );
    const seen = await prober.stop();
    expect(error).toBeInstanceOf(BerthError);
    const issue = (error as BerthError).issues[0]!;
    expect([issue.code, issue.path, issue.found]).toEqual(["engine.apply", `${stack}/web`, `${stack}-web`]);
    expect(issue.message).toMatch(new RegExp(`^'web' \\(${stack}-web\\) failed: swarm rolled the update back \\(rollback completed\\)\\n  Task errors:\\n    failed: task: non-zero exit \\(\\d+\\): dockerexec: unhealthy container`));
    expect({ failed: seen.failed, errors: seen.errors, bodies: seen.bodies }).toEqual({ failed: 0, errors: [], bodies: ["v2\ntoken-1"] });
    expect(await waitForBody(url, "v2", 10_000)).toBe("v2\ntoken-1");
  }, 300_000);

  it("rotates a secret without downtime: a new versioned secret, the service updated, the old version removed", async () => {
    const old = (await swarmOwned(stack)).secrets;
    const s = session({ version: "v2", token: "token-2" });
    const fresh = s.graph.nodes.find((n) => n.kind === "swarm.secret")!.name;
    expect(old).toHaveLength(1);
    expect(fresh).not.toBe(old[0]);
    const prober = startProber(url, 20, 60_000);
    await upSwarm(s.client, s.graph, s.sources);
    await new Promise((r) => setTimeout(r, 1000));
    const seen = await prober.stop();
    expect(s.client.engine.mutations).toEqual([
      { op: "secret.create", target: fresh },
      { op: "service.update", target: `${stack}-web` },
      { op: "secret.remove", target: old[0] },
    ]);
    expect({ failed: seen.failed, errors: seen.errors }).toEqual({ failed: 0, errors: [] });
    expect(seen.bodies.at(-1)).toBe("v2\ntoken-2");
    expect((await swarmOwned(stack)).secrets).toEqual([fresh]);
  }, 300_000);

  it("down removes every service, secret and network the stack owns and leaves unowned look-alikes alone", async () => {
    const decoySecret = await docker.createSecret({ Name: `${stack}-decoy`, Data: Buffer.from("x").toString("base64") });
    const decoyNet = await docker.createNetwork({ Name: `${stack}-decoy`, Driver: "overlay" });
    try {
      const s = session({ version: "v2", token: "token-2" });
      const r = await downSwarm(s.client, s.graph);
      expect(r.services).toEqual([`${stack}-front`, `${stack}-migrate`, `${stack}-web`]);
      expect(await swarmOwned(stack)).toEqual({ services: [], secrets: [], configs: [], networks: [] });
      // Not even the finished job's task container is left behind.
      expect(await docker.listContainers({ all: true, filters: { label: [`berth.stack=${stack}`] } })).toEqual([]);
      const secrets = (await docker.listSecrets()) as { Spec: { Name: string } }[];
      expect(secrets.map((x) => x.Spec.Name)).toContain(`${stack}-decoy`);
      expect((await docker.listNetworks()).map((n) => n.Name)).toContain(`${stack}-decoy`);
    } finally {
      await docker.getSecret((decoySecret as { id: string }).id).remove().catch(() => {});
      await decoyNet.remove().catch(() => {});
    }
  }, 180_000);
});
