import { describe, expect, it } from "vitest";
import { Component, DockerHost, Image, Network, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";

class Pair extends Component {
  constructor(scope: Stack | Component, id: string) {
    super(scope, id);
    const net = new Network(this, "net");
    new Service(this, "api", { image: Image.fromRegistry("nginx:1.27"), networks: [net] });
  }
}

describe("Component", () => {
  it("adds no node itself and puts its children's ids under its path", () => {
    const stack = new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
    new Pair(stack, "Blue");
    const g = synth(stack);
    expect(g.nodes.map((n) => [n.id, n.path, n.name])).toEqual([
      ["Blue/api", "app/Blue/api", "blue-api"],
      ["Blue/net", "app/Blue/net", "blue-net"],
      ["image/nginx-1.27", "app/image/nginx-1.27", "image-nginx-1-27"],
    ]);
  });

  it("can be used twice in one stack and nested, with distinct ids", () => {
    const stack = new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
    new Pair(stack, "Blue");
    const outer = new Component(stack, "Outer");
    new Pair(outer, "Green");
    const ids = synth(stack).nodes.map((n) => n.id);
    expect(ids).toEqual(["Blue/api", "Blue/net", "Outer/Green/api", "Outer/Green/net", "image/nginx-1.27"]);
  });

  it("fails when two children of one scope share an id", () => {
    const stack = new Stack("app", { environment: "dev", target: new DockerHost() });
    new Pair(stack, "Blue");
    expect(() => new Pair(stack, "Blue")).toThrowErrorMatchingInlineSnapshot(`
      [BerthError: ✖ [construct.duplicate-id] There is already a construct with id "Blue" in app.
        → at app/Blue  (field: id, found: "Blue")
        Fix: Give each construct in a scope a unique id.]
    `);
  });
});
