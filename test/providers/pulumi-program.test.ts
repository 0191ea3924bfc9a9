import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it, onTestFinished } from "vitest";
import { fargateProvider } from "../../providers/fargate/provider.ts";
import { registerProvider } from "../../providers/registry.ts";
import { pulumiProgram } from "../../providers/pulumi-program.ts";
import { recordPulumi } from "../support/pulumi-mocks.ts";
import { BerthError } from "../../sdk/core/errors.ts";
import { Fargate, Service, Image, Size, Stack, StackConfig, Swarm, synth } from "../../sdk/index.ts";
import { lowerSwarmForEngine } from "../../providers/swarm/engine.ts";
import { DIGEST } from "./swarm/fixture-graph.ts";
import { readLock } from "../../sdk/config/lock-file.ts";
import { lowerForEngine } from "../../providers/docker/engine/engine.ts";

const DEV = resolve(import.meta.dirname, "../../stacks/dev");

describe("pulumiProgram", () => {
  it("realizes stacks/dev one resource per node of the graph berth up deploys, secrets as Pulumi secrets", async () => {
    const registered = recordPulumi("shop", "dev", { "shop:dbPassword": "pulumi-canary" }, ["shop:dbPassword"]);
    process.env.BERTH_STACK_DIR = DEV;
    const { default: stack } = (await import("../../stacks/dev/index.ts")) as { default: Stack };
    const outputs = await pulumiProgram(stack, { dir: DEV, onGap: () => undefined });
    // Drains the queue of resource registrations.
    await pulumi.runtime.disconnect();
    // The example evolves; what must hold is the one-to-one mapping from the engine's graph.
    const graph = lowerForEngine(synth(stack, { config: stack.config, lock: readLock(DEV) }), DEV);
    const TYPE = {
      "docker.network": "docker:index/network:Network",
      "docker.volume": "docker:index/volume:Volume",
      "docker.file": "pulumi-nodejs:dynamic/berth:docker:HostFile",
      "docker.container": "docker:index/container:Container",
    } as const;
    const expected = graph.nodes.map((n) =>
      n.kind === "docker.image" ? `${n.action.kind === "pull" ? "docker:index/remoteImage:RemoteImage" : "docker:index/image:Image"} ${n.id}` : `${TYPE[n.kind]} ${n.id}`,
    );
    expect(registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual(expected.sort());
    expect(registered.some((r) => r.name === "Shop/db#1")).toBe(true);
    const files = registered.filter((r) => r.type.endsWith("HostFile"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect([f.inputs.content, f.secretInputs]).toEqual(["pulumi-canary", ["content"]]);
    const containers = graph.nodes.filter((n) => n.kind === "docker.container");
    expect(outputs).toEqual({
      endpoints: containers.flatMap((n) => Object.values(n.create.HostConfig.PortBindings).flat().map((b) => `${n.name}: http://${b.HostIp}:${b.HostPort}`)),
      containers: containers.map((n) => n.name),
    });
    expect(outputs.endpoints).toContain("shop-shop-web-1: http://127.0.0.1:8080");
  });

  it("realizes a swarm stack through the swarm realizer: one docker.Service per workload with the exact lowered spec", async () => {
    const registered = recordPulumi("tiny", "dev");
    const stack = new Stack("tiny", { environment: "dev", target: new Swarm(), config: StackConfig.from({}) });
    new Service(stack, "api", {
      image: Image.fromRegistry(`berth-local/busybox:1@${DIGEST}`),
      replicas: 2,
      command: ["httpd", "-f", "-p", "8080"],
      ports: [{ container: 8080, published: 18080 }],
      resources: { cpu: 0.25, memory: Size.mebibytes(64) },
      user: "65534:65534",
    });
    const outputs = await pulumiProgram(stack, { dir: DEV, onGap: () => undefined });
    await pulumi.runtime.disconnect();
    const graph = lowerSwarmForEngine(synth(stack, { config: stack.config }), DEV);
    expect(registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "docker:index/network:Network #default-network",
      "docker:index/remoteImage:RemoteImage image/busybox-1",
      "docker:index/service:Service api",
    ]);
    const service = registered.find((r) => r.name === "api")!;
    expect(service.inputs).toMatchObject({
      name: "tiny-api",
      mode: { replicated: { replicas: 2 } },
      taskSpec: { containerSpec: { image: `docker.io/berth-local/busybox@${DIGEST}`, user: "65534:65534", args: ["httpd", "-f", "-p", "8080"], readOnly: true } },
      endpointSpec: { ports: [{ targetPort: 8080, publishedPort: 18080 }] },
    });
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(registered.map((r) => r.name).sort());
    expect(outputs).toEqual({ endpoints: ["tiny-api: http://127.0.0.1:18080 (ingress)"], services: ["tiny-api"] });
  });

  it("fails with a clear error naming the target for a target registered without a Pulumi realizer, and registers nothing", async () => {
    const registered = recordPulumi();
    // Every built-in target has a realizer now: Fargate stands in registered without its own.
    const { pulumi: _realizer, ...withoutRealizer } = fargateProvider;
    void _realizer;
    const restore = registerProvider(withoutRealizer);
    onTestFinished(restore);
    const stack = new Stack("f", {
      environment: "prod",
      target: new Fargate({ cluster: "c", region: "us-east-1", subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-1"] }),
      config: StackConfig.from({}),
    });
    new Service(stack, "web", { image: Image.fromRegistry("nginx:1.27") });
    const e = await pulumiProgram(stack, { dir: DEV }).then(
      () => undefined,
      (err: unknown) => err,
    );
    await pulumi.runtime.disconnect();
    expect(e).toBeInstanceOf(BerthError);
    expect((e as BerthError).issues).toEqual([
      {
        code: "pulumi.target",
        path: "f",
        field: "target",
        found: "fargate",
        message: "ECS/Fargate has no Pulumi realizer in this release; Pulumi realizes Docker host, swarm and Kubernetes stacks.",
        fix: "deploy this stack with `berth up` or `berth export`",
      },
    ]);
    expect(registered).toEqual([]);
  });
});
