import { describe, expect, it } from "vitest";
import { BerthError, Image, Service, Stack, Swarm, SwarmService, synth } from "../../../sdk/index.ts";
import { swarmServicePortable } from "../../providers/swarm/swarm-service-fixture.ts";

const image = Image.fromRegistry("berth-local/busybox:1");

function issues(f: () => unknown): [string, string, string | undefined][] {
  try {
    f();
  } catch (e) {
    if (e instanceof BerthError) return e.issues.map((i) => [i.code, i.field ?? "", i.found]);
    throw e;
  }
  throw new Error("no error");
}

describe("SwarmService", () => {
  it("synthesizes beside portable services: a swarm-service node for swarm, with dependsOn edges both ways and uses edges to its image, secret and network", () => {
    const g = swarmServicePortable();
    expect(g.nodes.map((n) => `${n.id} ${n.construct} ${n.spec.kind}`)).toEqual([
      "agent SwarmService swarm-service",
      "backend Network network",
      "db Service service",
      "image/busybox-1 Image image",
      "secret/token Secret secret",
      "web Service service",
    ]);
    const agent = g.nodes.find((n) => n.id === "agent")!;
    expect(agent.path).toBe("mixed/agent");
    expect(agent.spec).toEqual({
      kind: "swarm-service",
      target: "swarm",
      image: "image/busybox-1",
      secrets: [{ secret: "secret/token", target: "token", mode: 0o400 }],
      configs: [],
      networks: ["backend"],
      spec: {
        Labels: { team: "infra" },
        TaskTemplate: {
          ContainerSpec: {
            Args: ["sleep", "3600"],
            Env: ["MODE=edge"],
            User: "1000:1000",
            ReadOnly: true,
            Hostname: "agent",
            StopSignal: "SIGINT",
            Sysctls: { "net.ipv4.ip_unprivileged_port_start": "0" },
            CapabilityDrop: ["ALL"],
          },
          Resources: { Limits: { MemoryBytes: 16 * 2 ** 20 } },
          RestartPolicy: { Condition: "on-failure", MaxAttempts: 3, Window: 60e9 },
          Placement: { Constraints: ["node.role==manager"] },
        },
        Mode: { Global: {} },
      },
    });
    expect(g.edges.filter((e) => e.from === "agent" || e.to === "agent")).toEqual([
      { from: "agent", to: "backend", kind: "uses" },
      { from: "agent", to: "db", kind: "depends", condition: "started" },
      { from: "agent", to: "image/busybox-1", kind: "uses" },
      { from: "agent", to: "secret/token", kind: "uses" },
      { from: "web", to: "agent", kind: "depends", condition: "started" },
    ]);
    const web = g.nodes.find((n) => n.id === "web")!;
    expect(web.spec.kind === "service" && web.spec.env.AGENT).toEqual({ kind: "ref", node: "agent", attribute: "hostname" });
  });

  it("hashes its node by content: the same program gives the same hash, a changed spec field another", () => {
    const a = swarmServicePortable().nodes.find((n) => n.id === "agent")!;
    const b = swarmServicePortable().nodes.find((n) => n.id === "agent")!;
    expect(a.hash).toBe(b.hash);
    const stack = new Stack("x", { environment: "dev", target: new Swarm() });
    const one = new SwarmService(stack, "a", { image, spec: { Mode: { Replicated: { Replicas: 1 } } } });
    const two = new SwarmService(stack, "b", { image, spec: { Mode: { Replicated: { Replicas: 2 } } } });
    const g = synth(stack);
    expect(g.nodes.find((n) => n.id === one.node.id)!.hash).not.toBe(g.nodes.find((n) => n.id === two.node.id)!.hash);
  });

  it("accepts dependencies added after construction, from and to portable workloads", () => {
    const stack = new Stack("x", { environment: "dev", target: new Swarm() });
    const svc = new SwarmService(stack, "agent", { image });
    const web = new Service(stack, "web", { image });
    svc.addDependency(web, "healthy");
    const job = new Service(stack, "late", { image });
    job.addDependency(svc);
    const g = synth(stack);
    expect(g.edges.filter((e) => e.kind === "depends")).toEqual([
      { from: "agent", to: "web", kind: "depends", condition: "healthy" },
      { from: "late", to: "agent", kind: "depends", condition: "started" },
    ]);
  });

  it("refuses a misspelt Engine API field, naming the construct path and the field", () => {
    const stack = new Stack("x", { environment: "dev", target: new Swarm() });
    expect(issues(() => new SwarmService(stack, "agent", { image, spec: { TaskTemplate: { ContainerSpec: { Usr: "1000" } } } as never }))).toEqual([
      ["props.invalid", "spec.TaskTemplate.ContainerSpec.Usr", '"1000"'],
    ]);
    expect(stack.node.children).toEqual([]);
  });

  it("refuses the fields Berth decides from its other props (the image) and ownership label keys", () => {
    const stack = new Stack("x", { environment: "dev", target: new Swarm() });
    expect(issues(() => new SwarmService(stack, "a", { image, spec: { TaskTemplate: { ContainerSpec: { Image: "busybox" } } } as never }))).toEqual([
      ["props.invalid", "spec.TaskTemplate.ContainerSpec.Image", '"busybox"'],
    ]);
    const e = (() => {
      try {
        new SwarmService(stack, "b", { image, spec: { Labels: { "berth.stack": "other" } } });
      } catch (x) {
        return x as BerthError;
      }
      throw new Error("no error");
    })();
    expect(e.issues[0]).toMatchObject({ code: "props.invalid", path: "x/b", field: "spec.Labels.berth.stack" });
    expect(e.issues[0]!.message).toContain("ownership label");
  });

  it("refuses a healthcheck test that is not CMD or CMD-SHELL", () => {
    const stack = new Stack("x", { environment: "dev", target: new Swarm() });
    expect(issues(() => new SwarmService(stack, "a", { image, spec: { TaskTemplate: { ContainerSpec: { Healthcheck: { Test: ["curl", "x"] } } } } }))).toEqual([
      ["props.invalid", "spec.TaskTemplate.ContainerSpec.Healthcheck.Test", '["curl","x"]'],
    ]);
  });
});
