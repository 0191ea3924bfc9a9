import { describe, expect, it } from "vitest";
import { DockerHost, Duration, Image, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { lowerDocker } from "../../../providers/docker/lower.ts";
import type { DockerGraph } from "../../../providers/docker/target.ts";
import { addApiBehindJob, containerNode } from "./fixture-graph.ts";

/** A small stack: an HTTP service behind a job, a volume, a secret, a network. */
function small(opts: { replicas?: number; cpu?: number; bindAddress?: string; environment?: string; published?: number } = {}) {
  const stack = new Stack("shop", {
    environment: opts.environment ?? "dev",
    target: new DockerHost(opts.bindAddress ? { bindAddress: opts.bindAddress } : {}),
    config: StackConfig.from({ apiKey: "canary-value-never-in-graph", mode: "fast" }),
  });
  const image = Image.fromRegistry("berth-test/busybox:1");
  addApiBehindJob(stack, { jobImage: image, apiImage: image, replicas: opts.replicas, published: opts.published, cpu: opts.cpu });
  return synth(stack);
}

describe("lowerDocker", () => {
  it("lowers a service to a container named <stack>-<name>-<i> with every Engine API field decided", () => {
    const g = lowerDocker(small(), { stateDir: "/srv/berth" });
    const api = containerNode(g, "api#1");
    expect(api.name).toBe("shop-api-1");
    expect(api.role).toBe("service");
    expect(api.files).toEqual(["api#secret:api_key"]);
    const { Labels, ...create } = api.create;
    expect(Labels).toEqual({
      "berth.app": "shop",
      "berth.kind": "docker.container",
      "berth.node": "api#1",
      "berth.source": "api",
      "berth.spec-hash": api.hash,
      "berth.stack": "shop",
      "berth.version": "0.1.0",
    });
    const secretFile = g.nodes.find((n) => n.id === "api#secret:api_key");
    expect(secretFile?.kind).toBe("docker.file");
    const hostPath = secretFile!.name;
    expect(hostPath).toMatch(/^\/srv\/berth\/shop\/secrets\/[a-f0-9]{16}\/api_key$/);
    expect(create).toEqual({
      Image: "berth-test/busybox:1",
      Cmd: ["httpd", "-f", "-p", "8080"],
      Env: ["LEVEL=debug", "PEER=migrate"],
      User: "1000:1000",
      ExposedPorts: { "8080/tcp": {} },
      Healthcheck: {
        Test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"],
        Interval: 2_000_000_000,
        Timeout: 5_000_000_000,
        Retries: 3,
        StartPeriod: 0,
      },
      HostConfig: {
        NetworkMode: "shop-backend",
        NanoCpus: 500_000_000,
        Memory: 33_554_432,
        PidsLimit: 64,
        RestartPolicy: { Name: "unless-stopped", MaximumRetryCount: 0 },
        ReadonlyRootfs: true,
        Tmpfs: { "/tmp": "" },
        CapDrop: ["ALL"],
        CapAdd: [],
        SecurityOpt: ["no-new-privileges:true"],
        Init: true,
        LogConfig: { Type: "json-file", Config: { "max-file": "3", "max-size": "10m" } },
        PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "18080" }] },
        Mounts: [
          { Type: "volume", Source: "shop-data", Target: "/data", ReadOnly: false },
          { Type: "bind", Source: hostPath, Target: "/run/secrets/api_key", ReadOnly: true },
        ],
        Privileged: false,
        Devices: [],
      },
      NetworkingConfig: { EndpointsConfig: { "shop-backend": { Aliases: ["api"] } } },
    });
  });

  it("lowers a secret to a 0400 file owned by the service's uid, holding only a reference", () => {
    const g = lowerDocker(small(), { stateDir: "/srv/berth" });
    const f = g.nodes.find((n) => n.id === "api#secret:api_key");
    expect(f).toMatchObject({
      kind: "docker.file",
      source: "secret/apiKey",
      containerPath: "/run/secrets/api_key",
      uid: 1000,
      gid: 1000,
      mode: 0o400,
      content: { kind: "secret", secret: "secret/apiKey", from: { kind: "config", key: "apiKey" } },
    });
    expect(JSON.stringify(g)).not.toContain("canary-value-never-in-graph");
  });

  it("lowers a job to a container run to completion that the service waits for", () => {
    const g = lowerDocker(small({ replicas: 2, published: undefined }), {});
    const job = containerNode(g, "migrate");
    expect(job.name).toBe("shop-migrate-1");
    expect(job.role).toBe("job");
    expect(job.create.HostConfig.RestartPolicy).toEqual({ Name: "on-failure", MaximumRetryCount: 3 });
    expect(g.edges.filter((e) => e.to === "migrate")).toEqual([
      { from: "api#1", to: "migrate", condition: "completed" },
      { from: "api#2", to: "migrate", condition: "completed" },
    ]);
    expect(g.edges.filter((e) => e.from === "migrate")).toEqual([
      { from: "migrate", to: "backend", condition: "created" },
      { from: "migrate", to: "image/busybox-1", condition: "created" },
    ]);
  });

  it("creates named bridge networks and volumes carrying ownership labels", () => {
    const g = lowerDocker(small());
    const net = g.nodes.find((n) => n.id === "backend");
    const vol = g.nodes.find((n) => n.id === "data");
    expect(net).toMatchObject({ kind: "docker.network", name: "shop-backend", create: { Name: "shop-backend", Driver: "bridge", Internal: false } });
    expect(vol).toMatchObject({ kind: "docker.volume", name: "shop-data", create: { Name: "shop-data", Driver: "local" } });
    expect(net?.kind === "docker.network" && net.create.Labels["berth.stack"]).toBe("shop");
    expect(g.nodes.map((n) => `${n.kind} ${n.id}`)).toEqual([
      "docker.container api#1",
      "docker.file api#secret:api_key",
      "docker.network backend",
      "docker.volume data",
      "docker.image image/busybox-1",
      "docker.container migrate",
    ]);
  });

  it("binds published ports to the target's bindAddress, else 127.0.0.1 in dev and 0.0.0.0 in prod", () => {
    const bind = (g: DockerGraph) => containerNode(g, "api#1").create.HostConfig.PortBindings["8080/tcp"]?.[0]?.HostIp;
    expect(bind(lowerDocker(small({ bindAddress: "10.0.0.5" })))).toBe("10.0.0.5");
    expect(bind(lowerDocker(small()))).toBe("127.0.0.1");
    expect(bind(lowerDocker(small({ environment: "prod" })))).toBe("0.0.0.0");
  });

  it("is deterministic and changes only the changed service's spec hash", () => {
    const a = lowerDocker(small());
    const b = lowerDocker(small({ cpu: 0.25 }));
    expect(lowerDocker(small())).toEqual(a);
    const changed = a.nodes.filter((n) => b.nodes.find((m) => m.id === n.id)?.hash !== n.hash).map((n) => n.id);
    expect(changed).toEqual(["api#1"]);
  });

  it("tags a built image by its context hash and resolves its context against the stack directory", () => {
    const stack = new Stack("b", { environment: "dev", target: new DockerHost({ registry: "127.0.0.1:5000" }), config: StackConfig.from({}) });
    new Service(stack, "web", { image: Image.fromBuild({ context: "./web", args: { V: "1" } }) });
    const g = lowerDocker(synth(stack), { stackDir: "/stacks/b", contextHashes: { "image/web": "ab".repeat(32) } });
    expect(g.nodes.find((n) => n.id === "image/web")).toMatchObject({
      kind: "docker.image",
      ref: "127.0.0.1:5000/b/web:abababababababab",
      action: { kind: "build", context: "/stacks/b/web", dockerfile: "Dockerfile", args: { V: "1" }, push: true },
    });
    expect(containerNode(g, "web#1").create.Image).toBe("127.0.0.1:5000/b/web:abababababababab");
    expect(containerNode(g, "web#1").create.HostConfig.NetworkMode).toBe("b-default");
  });
});

describe("healthcheck lowering", () => {
  it("turns a tcp check into a connect that works with busybox nc as well as nc -z", () => {
    const stack = new Stack("hc", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
    new Service(stack, "db", {
      image: Image.fromRegistry("berth-test/busybox:1"),
      healthcheck: { tcp: { port: 5432 }, interval: Duration.seconds(2), timeout: Duration.seconds(3), retries: 4 },
    });
    const g = lowerDocker(synth(stack));
    expect(containerNode(g, "db#1").create.Healthcheck).toEqual({
      Test: ["CMD-SHELL", "nc -z 127.0.0.1 5432 2>/dev/null || nc -w 2 127.0.0.1 5432 </dev/null >/dev/null || exit 1"],
      Interval: 2_000_000_000,
      Timeout: 3_000_000_000,
      Retries: 4,
      StartPeriod: 0,
    });
  });
});
