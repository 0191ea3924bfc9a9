import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../sdk/graph/canonical.ts";
import { lowerSwarm } from "../../../providers/swarm/lower.ts";
import { CANARY, DIGEST, serviceNode, smallSwarmGraph, smallSwarmPortable } from "./fixture-graph.ts";

const IMAGE = `docker.io/berth-local/busybox@${DIGEST}`;
const OWN = { "berth.app": "tiny", "berth.stack": "tiny" };

describe("lowerSwarm", () => {
  it("lowers a replicated HTTP service to the exact Engine API 1.41 ServiceSpec", () => {
    const api = serviceNode(smallSwarmGraph(), "api");
    expect(api.secrets).toEqual(["secret/apiKey"]);
    expect(api.configs).toEqual(["config/motd"]);
    const { Labels, ...spec } = api.spec;
    expect(Labels).toEqual({ ...OWN, "berth.kind": "swarm.service", "berth.node": "api", "berth.source": "api", "berth.spec-hash": api.hash, "berth.version": "0.1.0" });
    expect(spec).toEqual({
      Name: "tiny-api",
      TaskTemplate: {
        ContainerSpec: {
          Image: IMAGE,
          Labels: { ...OWN, "berth.node": "api" },
          Args: ["httpd", "-f", "-p", "8080"],
          Env: ["DB=db", "LEVEL=debug"],
          User: "1000:1000",
          ReadOnly: true,
          Init: true,
          CapabilityDrop: ["ALL"],
          CapabilityAdd: [],
          Healthcheck: { Test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"], Interval: 2e9, Timeout: 5e9, Retries: 3, StartPeriod: 0 },
          StopGracePeriod: 5e9,
          Mounts: [{ Type: "tmpfs", Target: "/tmp", ReadOnly: false }],
          Secrets: [{ File: { Name: "api_key", UID: "1000", GID: "1000", Mode: 0o400 }, SecretName: "tiny-secret-apikey-fa2c0e78" }],
          Configs: [{ File: { Name: "/etc/motd", UID: "1000", GID: "1000", Mode: 0o444 }, ConfigName: "tiny-config-motd-5aa762ae" }],
        },
        Resources: { Limits: { NanoCPUs: 5e8, MemoryBytes: 32 * 2 ** 20, Pids: 64 }, Reservations: { NanoCPUs: 1e8, MemoryBytes: 16 * 2 ** 20 } },
        RestartPolicy: { Condition: "any", Delay: 5e9, MaxAttempts: 0 },
        Placement: { Constraints: ["node.platform.os==linux"], Preferences: [{ Spread: { SpreadDescriptor: "node.labels.zone" } }] },
        Networks: [{ Target: "tiny-backend", Aliases: ["api"] }],
        LogDriver: { Name: "json-file", Options: { "max-size": "10m", "max-file": "3" } },
      },
      Mode: { Replicated: { Replicas: 2 } },
      UpdateConfig: { Parallelism: 1, Delay: 1e9, FailureAction: "rollback", Monitor: 5e9, MaxFailureRatio: 0, Order: "start-first" },
      RollbackConfig: { Parallelism: 1, Delay: 0, FailureAction: "pause", Monitor: 15e9, MaxFailureRatio: 0, Order: "start-first" },
      EndpointSpec: { Mode: "vip", Ports: [{ Protocol: "tcp", TargetPort: 8080, PublishedPort: 18080, PublishMode: "ingress" }] },
    });
  });

  it("lowers a job to a replicated-job service with bounded retries and no update config", () => {
    const job = serviceNode(smallSwarmGraph(), "migrate");
    expect(job.role).toBe("job");
    expect(job.deadlineMs).toBe(60_000);
    expect(job.spec.Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } });
    expect(job.spec.TaskTemplate.RestartPolicy).toEqual({ Condition: "on-failure", Delay: 5e9, MaxAttempts: 2 });
    expect(job.spec.UpdateConfig).toBeUndefined();
    expect(job.spec.RollbackConfig).toBeUndefined();
    expect(job.spec.EndpointSpec).toEqual({ Mode: "dnsrr", Ports: [] });
  });

  it("pins a service that mounts a volume to the volume's node and updates it stop-first", () => {
    const g = smallSwarmGraph();
    const db = serviceNode(g, "db");
    expect(db.spec.TaskTemplate.Placement.Constraints).toEqual(["node.role==manager"]);
    expect(db.spec.UpdateConfig?.Order).toBe("stop-first");
    expect(db.spec.TaskTemplate.ContainerSpec.Mounts).toEqual([
      {
        Type: "volume",
        Source: "tiny-data",
        Target: "/data",
        ReadOnly: false,
        VolumeOptions: { Labels: { ...OWN, "berth.kind": "swarm.volume", "berth.node": "data", "berth.source": "data" }, DriverConfig: { Name: "local" } },
      },
    ]);
    const pinned = serviceNode(smallSwarmGraph({}, { volumeConstraint: "node.hostname==db-1" }), "db");
    expect(pinned.spec.TaskTemplate.Placement.Constraints).toEqual(["node.hostname==db-1"]);
  });

  it("publishes in host mode with DNS round-robin endpoints and stop-first updates", () => {
    const api = serviceNode(smallSwarmGraph({ publishMode: "host" }), "api");
    expect(api.spec.EndpointSpec).toEqual({ Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 8080, PublishedPort: 18080, PublishMode: "host" }] });
    expect(api.spec.UpdateConfig?.Order).toBe("stop-first");
  });

  it("lowers networks to attachable overlays and dependsOn to convergence edges", () => {
    const g = smallSwarmGraph();
    const net = g.nodes.find((n) => n.id === "backend");
    expect(net?.kind === "swarm.network" && { ...net.create, Labels: undefined }).toEqual({ Name: "tiny-backend", Driver: "overlay", Attachable: true, Internal: false, Labels: undefined });
    expect(g.edges).toEqual([{ from: "api", to: "migrate", condition: "completed" }]);
  });

  it("versions secret names by the value hash the engine passes, and never holds the value", () => {
    const a = smallSwarmGraph({}, { secretVersions: { "secret/apiKey": "aaaaaaaa11" } });
    const b = smallSwarmGraph({}, { secretVersions: { "secret/apiKey": "bbbbbbbb22" } });
    const name = (g: typeof a) => g.nodes.find((n) => n.id === "secret/apiKey")?.name;
    expect([name(a), name(b)]).toEqual(["tiny-secret-apikey-aaaaaaaa", "tiny-secret-apikey-bbbbbbbb"]);
    expect(serviceNode(b, "api").spec.TaskTemplate.ContainerSpec.Secrets[0]?.SecretName).toBe("tiny-secret-apikey-bbbbbbbb");
    expect(serviceNode(a, "api").hash).not.toBe(serviceNode(b, "api").hash);
    expect(serviceNode(a, "db").hash).toBe(serviceNode(b, "db").hash);
    expect(JSON.stringify(a)).not.toContain(CANARY);
  });

  it("versions config names by content, so a new content is a new config and a service update", () => {
    const a = smallSwarmGraph({ motd: "one" });
    const b = smallSwarmGraph({ motd: "two" });
    const cfg = (g: typeof a) => serviceNode(g, "api").spec.TaskTemplate.ContainerSpec.Configs[0]?.ConfigName;
    expect(cfg(a)).toMatch(/^tiny-config-motd-[a-f0-9]{8}$/);
    expect(cfg(a)).not.toBe(cfg(b));
  });

  it("changes only the replicas and the hash of a service when it is scaled", () => {
    const two = serviceNode(smallSwarmGraph({ replicas: 2 }), "api");
    const three = serviceNode(smallSwarmGraph({ replicas: 3 }), "api");
    expect(three.spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    const strip = (n: typeof two) => ({ ...n.spec, Labels: {}, Mode: {} });
    expect(strip(three)).toEqual(strip(two));
    expect(three.hash).not.toBe(two.hash);
  });

  it("is deterministic: the same program lowers to the same bytes", () => {
    expect(canonicalJson(lowerSwarm(smallSwarmPortable()))).toBe(canonicalJson(lowerSwarm(smallSwarmPortable())));
  });

  it("refuses a graph whose target is not swarm", () => {
    const g = smallSwarmPortable();
    expect(() => lowerSwarm({ ...g, stack: { ...g.stack, target: { kind: "docker-host" } } })).toThrow("lowerSwarm: the stack's target is docker-host, not swarm");
  });
});
