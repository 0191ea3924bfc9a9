/**
 * A SwarmService through the swarm lowering and both file/IaC realizers (stack file, Pulumi
 * under mocks), and the Docker host lowering refusing it.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DockerHost } from "../../../sdk/index.ts";
import { BerthError } from "../../../sdk/core/errors.ts";
import { lowerDocker } from "../../../providers/docker/lower.ts";
import { exportSwarm } from "../../../providers/swarm/export.ts";
import { realizeSwarmWithPulumi } from "../../../providers/swarm/pulumi.ts";
import { recordRealization } from "../../support/pulumi-mocks.ts";
import { CANARY, DIGEST, serviceNode } from "./fixture-graph.ts";
import { swarmServiceGraph, swarmServicePortable } from "./swarm-service-fixture.ts";

const IMAGE = `docker.io/berth-local/busybox@${DIGEST}`;
const SECRET = "mixed-secret-token-d8693e89";
const list = (labels: Readonly<Record<string, string>>) => Object.keys(labels).sort().map((label) => ({ label, value: labels[label]! }));

describe("lowering a SwarmService for swarm", () => {
  it("gives the exact swarm.service node: the spec as written, global mode, the placement constraint, the versioned secret and the network, named and labelled by Berth", () => {
    const agent = serviceNode(swarmServiceGraph(), "agent");
    expect({ ...agent, hash: "h", spec: { ...agent.spec, Labels: {} } }).toEqual({
      kind: "swarm.service",
      id: "agent",
      source: "agent",
      path: "mixed/agent",
      name: "mixed-agent",
      hash: "h",
      role: "service",
      image: "image/busybox-1",
      secrets: ["secret/token"],
      configs: [],
      spec: {
        Name: "mixed-agent",
        Labels: {},
        TaskTemplate: {
          ContainerSpec: {
            Image: IMAGE,
            Labels: { "berth.app": "mixed", "berth.node": "agent", "berth.stack": "mixed" },
            Args: ["sleep", "3600"],
            Hostname: "agent",
            Env: ["MODE=edge"],
            User: "1000:1000",
            ReadOnly: true,
            Init: false,
            CapabilityDrop: ["ALL"],
            CapabilityAdd: [],
            StopSignal: "SIGINT",
            Sysctls: { "net.ipv4.ip_unprivileged_port_start": "0" },
            Mounts: [],
            Secrets: [{ File: { Name: "token", UID: "1000", GID: "1000", Mode: 0o400 }, SecretName: SECRET }],
            Configs: [],
          },
          Resources: { Limits: { MemoryBytes: 16 * 2 ** 20 }, Reservations: {} },
          RestartPolicy: { Condition: "on-failure", Delay: 5e9, MaxAttempts: 3, Window: 60e9 },
          Placement: { Constraints: ["node.role==manager"], Preferences: [] },
          Networks: [{ Target: "mixed-backend", Aliases: ["agent"] }],
          LogDriver: { Name: "json-file", Options: {} },
        },
        Mode: { Global: {} },
        EndpointSpec: { Mode: "dnsrr", Ports: [] },
      },
    });
    expect(agent.spec.Labels).toEqual({
      "berth.app": "mixed",
      "berth.kind": "swarm.service",
      "berth.node": "agent",
      "berth.source": "agent",
      "berth.spec-hash": agent.hash,
      "berth.stack": "mixed",
      "berth.version": "0.1.0",
      team: "infra",
    });
  });

  it("orders it by its dependsOn edges both ways and resolves a portable workload's hostname reference to it", () => {
    const g = swarmServiceGraph();
    expect(g.edges).toEqual([
      { from: "agent", to: "db", condition: "started" },
      { from: "web", to: "agent", condition: "started" },
    ]);
    expect(serviceNode(g, "web").spec.TaskTemplate.ContainerSpec.Env).toEqual(["AGENT=agent"]);
  });
});

describe("exporting a SwarmService as a stack file", () => {
  it("writes it as a global service with its placement, hostname, stop signal, sysctls, restart window and external secret", () => {
    const out = exportSwarm(swarmServiceGraph());
    expect(out.files["stack.yaml"]).not.toContain(CANARY);
    const agent = parse(out.files["stack.yaml"]!).services.agent;
    expect(agent).toEqual({
      image: IMAGE,
      command: ["sleep", "3600"],
      hostname: "agent",
      environment: { MODE: "edge" },
      user: "1000:1000",
      read_only: true,
      init: false,
      cap_drop: ["ALL"],
      stop_signal: "SIGINT",
      sysctls: { "net.ipv4.ip_unprivileged_port_start": "0" },
      secrets: [{ source: SECRET, target: "token", uid: "1000", gid: "1000", mode: 0o400 }],
      networks: { "mixed-backend": { aliases: ["agent"] } },
      logging: { driver: "json-file" },
      deploy: {
        mode: "global",
        endpoint_mode: "dnsrr",
        labels: { team: "infra" },
        resources: { limits: { memory: String(16 * 2 ** 20) }, reservations: {} },
        restart_policy: { condition: "on-failure", delay: "5s", max_attempts: 3, window: "60s" },
        placement: { constraints: ["node.role==manager"] },
      },
    });
  });
});

describe("realizing a SwarmService with Pulumi", () => {
  const run = recordRealization({
    project: "mixed",
    secretConfig: { "mixed:token": CANARY },
    graph: swarmServiceGraph,
    realize: (g) => realizeSwarmWithPulumi(g, { onGap: () => undefined }),
  });

  it("gives docker.Service the exact inputs of its lowered spec, after what it uses and the service it depends on", () => {
    const agent = serviceNode(run.graph, "agent");
    const r = run.byName("agent");
    expect(r.dependsOn).toEqual(["backend", "db", "image/busybox-1", "secret/token"]);
    expect(run.byName("web").dependsOn).toEqual(["agent", "backend", "image/busybox-1"]);
    expect(r.inputs).toEqual({
      name: "mixed-agent",
      labels: list(agent.spec.Labels),
      taskSpec: {
        containerSpec: {
          image: IMAGE,
          labels: list({ "berth.app": "mixed", "berth.node": "agent", "berth.stack": "mixed" }),
          args: ["sleep", "3600"],
          hostname: "agent",
          env: { MODE: "edge" },
          user: "1000:1000",
          readOnly: true,
          init: false,
          capDrops: ["ALL"],
          stopSignal: "SIGINT",
          sysctl: { "net.ipv4.ip_unprivileged_port_start": "0" },
          mounts: [],
          secrets: [{ secretId: "secret/token-id", secretName: SECRET, fileName: "token", fileUid: "1000", fileGid: "1000", fileMode: 0o400 }],
          configs: [],
        },
        resources: { limits: { memoryBytes: 16 * 2 ** 20 }, reservation: {} },
        restartPolicy: { condition: "on-failure", delay: "5s", maxAttempts: 3, window: "60s" },
        placement: { constraints: ["node.role==manager"], prefs: [] },
        networksAdvanceds: [{ id: "backend-id", aliases: ["agent"] }],
        logDriver: { name: "json-file", options: {} },
      },
      mode: { global: true },
      endpointSpec: { mode: "dnsrr", ports: [] },
    });
  });

  it("has no gap left for it: @pulumi/docker 5 expresses its capability drop and init", () => {
    expect(run.gaps.filter((g) => g.node === "agent").map((g) => `${g.field} ${g.found}`)).toEqual([]);
  });
});

describe("lowering a SwarmService for a Docker host", () => {
  it("fails closed with an error naming the construct and its path", () => {
    const g = swarmServicePortable(new DockerHost());
    let error: unknown;
    try {
      lowerDocker(g);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BerthError);
    expect((error as BerthError).issues).toEqual([
      {
        code: "portability.target.swarm-service",
        path: "mixed/agent",
        field: "kind",
        found: '"swarm-service"',
        message: "SwarmService 'agent' is a swarm-only construct; a Docker host has no swarm services.",
        fix: "Use a portable Service for it, or deploy this stack with the Swarm target (berth check reports this before anything runs).",
      },
    ]);
  });
});
