import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { pulumiProgram } from "../../providers/pulumi-program.ts";
import { recordPulumi } from "../support/pulumi-mocks.ts";
import { catchBerthError } from "../support/berth-error.ts";
import { Kubernetes, Service, Image, Stack, StackConfig, synth } from "../../sdk/index.ts";
import { readLock } from "../../sdk/config/lock-file.ts";
import { lowerForEngine } from "../../providers/docker/engine/engine.ts";

const DEV = resolve(import.meta.dirname, "../../stacks/dev");

describe("pulumiProgram", () => {
  it("realizes stacks/dev one resource per node of the graph berth up deploys, secrets as Pulumi secrets", async () => {
    const registered = recordPulumi("shop", "dev", { "shop:dbPassword": "pulumi-canary" }, ["shop:dbPassword"]);
    process.env.BERTH_STACK_DIR = DEV;
    const { default: stack } = (await import("../../stacks/dev/index.ts")) as { default: Stack };
    const outputs = pulumiProgram(stack, { dir: DEV, onGap: () => undefined });
    // Drains the queue of resource registrations.
    await pulumi.runtime.disconnect();
    // The example evolves; what must hold is the one-to-one mapping from the engine's graph.
    const graph = lowerForEngine(synth(stack, { config: stack.config, lock: readLock(DEV) }), DEV);
    const TYPE = {
      "docker.network": "docker:index/network:Network",
      "docker.volume": "docker:index/volume:Volume",
      "docker.secret-file": "pulumi-nodejs:dynamic/berth:docker:HostFile",
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

  it("fails with a clear error for a target Pulumi does not realize yet", () => {
    recordPulumi();
    const stack = new Stack("k", { environment: "prod", target: new Kubernetes({ namespace: "k" }), config: StackConfig.from({}) });
    new Service(stack, "web", { image: Image.fromRegistry("nginx:1.27") });
    const e = catchBerthError(() => pulumiProgram(stack, { dir: DEV }));
    expect(e.issues).toEqual([
      {
        code: "pulumi.target",
        path: "k",
        field: "target",
        found: "kubernetes",
        message: "Berth realizes kubernetes stacks with Pulumi in a later release; only DockerHost stacks are realized with Pulumi now.",
        fix: "deploy this stack with `berth export` for its platform, or use a DockerHost target",
      },
    ]);
  });
});
