import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { DockerHost, Image, Kubernetes, Network, Secret, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { graphJsonSchema } from "../../../sdk/graph/json-schema.ts";
import { Shop } from "../../../examples/shop/shop.ts";

const validator = () => new Ajv2020({ strict: false, allErrors: true }).compile(graphJsonSchema());

describe("graphJsonSchema", () => {
  it("is a draft 2020-12 schema that accepts a synthesized graph", () => {
    const schema = graphJsonSchema();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const stack = new Stack("shop", { environment: "dev", target: new DockerHost(), config: StackConfig.from({ mode: "dev", dbPassword: "x" }) });
    new Shop(stack, "Shop");
    const validate = validator();
    const graph = JSON.parse(JSON.stringify(synth(stack)));
    expect(validate(graph)).toBe(true);
    expect(validate.errors ?? null).toBeNull();
  });

  it("accepts graphs of every target and of a stack using platform secret references", () => {
    const stack = new Stack("app", { environment: "prod", target: new Kubernetes({ namespace: "app" }), config: StackConfig.from({}) });
    new Service(stack, "api", {
      image: Image.fromRegistry("nginx:1.27"),
      networks: [new Network(stack, "net")],
      secrets: { token: Secret.fromKubernetesSecret("api", "token") },
    });
    expect(validator()(JSON.parse(JSON.stringify(synth(stack))))).toBe(true);
  });

  it("rejects a graph with a wrong schemaVersion or a bad node hash", () => {
    const stack = new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
    new Network(stack, "net");
    const graph = JSON.parse(JSON.stringify(synth(stack)));
    const validate = validator();
    expect(validate({ ...graph, schemaVersion: 2 })).toBe(false);
    expect(validate({ ...graph, nodes: [{ ...graph.nodes[0], hash: "nope" }] })).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toContain("/nodes/0/hash");
  });
});
