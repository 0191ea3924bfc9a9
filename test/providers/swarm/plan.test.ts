import { describe, expect, it } from "vitest";
import { BerthError } from "../../../sdk/core/errors.ts";
import type { LiveService } from "../../../providers/swarm/engine/client.ts";
import { planSwarm, serviceDiff, swarmHasChanges, type SwarmLive } from "../../../providers/swarm/engine/plan.ts";
import type { SwarmGraph, SwarmServiceNode } from "../../../providers/swarm/target.ts";
import { serviceNode, smallSwarmGraph } from "./fixture-graph.ts";

/** The live swarm exactly as the engine would leave it after `up` of `g`. */
function deployed(g: SwarmGraph): SwarmLive {
  const nets = g.nodes.flatMap((n) => (n.kind === "swarm.network" ? [{ Name: n.name, Id: `id-${n.name}`, Labels: n.create.Labels }] : []));
  const netId = new Map(nets.map((n) => [n.Name, n.Id]));
  const services = g.nodes.flatMap((n) => (n.kind === "swarm.service" ? [liveService(n, netId)] : []));
  const secrets = g.nodes.flatMap((n) => (n.kind === "swarm.secret" ? [{ ID: `id-${n.name}`, Spec: { Name: n.name, Labels: n.labels } }] : []));
  const configs = g.nodes.flatMap((n) => (n.kind === "swarm.config" ? [{ ID: `id-${n.name}`, Spec: { Name: n.name, Labels: n.labels } }] : []));
  const images = Object.fromEntries(g.nodes.filter((n) => n.kind === "docker.image").map((n) => [n.id, true]));
  return { services, secrets, configs, networks: nets as unknown as SwarmLive["networks"], images, clashes: [] };
}

function liveService(n: SwarmServiceNode, netId: ReadonlyMap<string, string>): LiveService {
  const t = n.spec.TaskTemplate;
  return {
    ID: `id-${n.name}`,
    Version: { Index: 7 },
    CreatedAt: "2026-01-01T00:00:00Z",
    UpdatedAt: "2026-01-01T00:00:00Z",
    Spec: { ...n.spec, TaskTemplate: { ...t, Networks: t.Networks.map((x) => ({ ...x, Target: netId.get(x.Target) ?? x.Target })) } } as LiveService["Spec"],
  };
}

describe("planSwarm", () => {
  it("creates every object of a stack that does not exist yet", () => {
    const g = smallSwarmGraph();
    const p = planSwarm(g, { services: [], secrets: [], configs: [], networks: [], images: {}, clashes: [] });
    expect(p.changes.map((c) => `${c.op} ${c.kind} ${c.name}`).sort()).toEqual([
      "create docker.image image-busybox-1",
      "create swarm.config tiny-config-motd-5aa762ae",
      "create swarm.network tiny-backend",
      "create swarm.secret tiny-secret-apikey-fa2c0e78",
      "create swarm.service tiny-api",
      "create swarm.service tiny-db",
      "create swarm.service tiny-migrate",
      "noop swarm.volume tiny-data",
    ]);
  });

  it("plans no change for a stack deployed from the same graph", () => {
    const g = smallSwarmGraph();
    const p = planSwarm(g, deployed(g));
    expect(swarmHasChanges(p)).toBe(false);
    expect(p.changes.every((c) => c.op === "noop")).toBe(true);
  });

  it("updates a changed service in place naming the changed sections, and deletes only what the graph no longer has", () => {
    const before = smallSwarmGraph({ replicas: 2, motd: "old" });
    const after = smallSwarmGraph({ replicas: 3, motd: "new" });
    const cfg = (g: SwarmGraph) => g.nodes.find((n) => n.kind === "swarm.config")!.name;
    expect(cfg(before)).not.toBe(cfg(after));
    const p = planSwarm(after, deployed(before));
    expect(p.changes.filter((c) => c.op !== "noop").map((c) => [c.op, c.name, c.fields, c.drift, c.liveId ?? ""])).toEqual([
      ["update", "tiny-api", ["Configs", "Mode"], false, "id-tiny-api"],
      ["create", cfg(after), [], false, ""],
      ["delete", cfg(before), ["old version, or not in the graph"], false, `id-${cfg(before)}`],
    ]);
  });

  it("reports drift when a live service no longer matches the spec its label records", () => {
    const g = smallSwarmGraph();
    const live = deployed(g);
    const api = live.services.find((s) => s.Spec.Name === "tiny-api")!;
    const edited = { ...api, Spec: { ...api.Spec, Mode: { Replicated: { Replicas: 5 } } } } as LiveService;
    const p = planSwarm(g, { ...live, services: live.services.map((s) => (s === api ? edited : s)) });
    expect(p.changes.filter((c) => c.op !== "noop").map((c) => [c.op, c.name, c.fields, c.drift])).toEqual([["update", "tiny-api", ["Mode"], true]]);
  });

  it("runs a job again when its last run did not complete, so what depends on it waits for a good run", () => {
    const g = smallSwarmGraph();
    const live = deployed(g);
    const again = planSwarm(g, { ...live, jobsCompleted: { "tiny-migrate": false } });
    expect(again.changes.filter((c) => c.op !== "noop").map((c) => [c.op, c.name, c.fields])).toEqual([["update", "tiny-migrate", ["last run did not complete: run again"]]]);
    expect(swarmHasChanges(planSwarm(g, { ...live, jobsCompleted: { "tiny-migrate": true } }))).toBe(false);
  });

  it("refuses a stack whose names are held by objects Berth does not own", () => {
    const g = smallSwarmGraph();
    const error = (() => {
      try {
        planSwarm(g, { ...deployed(g), clashes: [{ kind: "service", name: "tiny-api" }] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(BerthError);
    expect((error as BerthError).issues[0]?.message).toMatchInlineSnapshot(`"A service named 'tiny-api' exists but has no Berth labels for stack 'tiny'; Berth never touches objects it does not own."`);
  });

  it("accepts a live image reference the engine pinned with a digest", () => {
    const api = serviceNode(smallSwarmGraph(), "api");
    const live = { ...api.spec, TaskTemplate: { ...api.spec.TaskTemplate, ContainerSpec: { ...api.spec.TaskTemplate.ContainerSpec, Image: `${api.spec.TaskTemplate.ContainerSpec.Image}` } } };
    const net = new Map([["tiny-backend", "tiny-backend"]]);
    expect(serviceDiff(api.spec, live as LiveService["Spec"], net)).toEqual([]);
    const other = { ...live, TaskTemplate: { ...live.TaskTemplate, ContainerSpec: { ...live.TaskTemplate.ContainerSpec, Image: "busybox:other" } } };
    expect(serviceDiff(api.spec, other as LiveService["Spec"], net)).toEqual(["Image"]);
  });
});
