import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DockerHost, Image, Kubernetes, Network, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { Resource, type Synthesized } from "../../../sdk/constructs/resource.ts";
import { Graph, type NodeSpec } from "../../../sdk/graph/schema.ts";
import { Shop } from "../../../examples/shop/shop.ts";

/** A resource whose node the schema rejects: `internal` must be a boolean. */
class BrokenNetwork extends Resource {
  synthesize(): Synthesized {
    return { spec: { kind: "network", internal: "yes", labels: {} } as unknown as NodeSpec };
  }
}

function shopStack(): Stack {
  const stack = new Stack("shop", { environment: "dev", target: new DockerHost(), config: StackConfig.from({ mode: "dev", dbPassword: "pw" }) });
  new Shop(stack, "Shop");
  return stack;
}

describe("synth validation", () => {
  it.each([
    ["rejects a node its schema does not accept, naming the node and the field", 0],
    ["rejects an invalid node in a graph large enough for the compiled validator", 1000],
  ])("%s", (_name, validNetworks) => {
    const stack = new Stack("t", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
    for (let i = 0; i < validNetworks; i++) new Network(stack, `net${i}`);
    new BrokenNetwork(stack, "bad");
    let error: unknown;
    try {
      synth(stack);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(z.ZodError);
    expect((error as z.ZodError).issues.map((i) => [i.path.join("."), i.code])).toEqual([["nodes.0.spec.internal", "invalid_type"]]);
  });

  it("gives the graph Graph.parse accepts unchanged: every key is one the schema knows", () => {
    const graph = synth(shopStack());
    expect(graph).toStrictEqual(Graph.parse(graph));
  });

  it("gives nodes whose objects are not shared with the program's constructs", () => {
    const stack = new Stack("t", { environment: "prod", target: new Kubernetes({ namespace: "t" }), config: StackConfig.from({}) });
    const image = Image.fromRegistry("nginx:1.27.0");
    new Service(stack, "web", { image, networks: [new Network(stack, "net")] });
    const graph = synth(stack);
    const node = graph.nodes.find((n) => n.id === "image/nginx-1.27.0")!;
    expect(node.spec).toEqual({ kind: "image", source: image.source });
    expect(node.spec.kind === "image" && node.spec.source).not.toBe(image.source);
    expect(graph.stack.target).not.toBe(stack.target.toSpec());
  });

  it("registers an image used by many services once, as one node", () => {
    const stack = new Stack("t", { environment: "prod", target: new Kubernetes({ namespace: "t" }), config: StackConfig.from({}) });
    for (let i = 0; i < 5; i++) new Service(stack, `web${i}`, { image: Image.fromRegistry("nginx:1.27.0") });
    const graph = synth(stack);
    expect(graph.nodes.filter((n) => n.spec.kind === "image").map((n) => n.id)).toEqual(["image/nginx-1.27.0"]);
    expect(graph.edges.filter((e) => e.to === "image/nginx-1.27.0").map((e) => e.from)).toEqual(["web0", "web1", "web2", "web3", "web4"]);
  });
});
