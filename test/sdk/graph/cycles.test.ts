import { describe, expect, it } from "vitest";
import { DockerHost, Image, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { dependencyLevels, findCycles } from "../../../sdk/graph/cycles.ts";
import type { Edge } from "../../../sdk/graph/schema.ts";

const dep = (from: string, to: string): Edge => ({ from, to, kind: "depends", condition: "started" });

describe("findCycles", () => {
  it("finds no cycle in a chain", () => {
    expect(findCycles([dep("a", "b"), dep("b", "c")])).toEqual([]);
  });

  it("prints a cycle as the path along it, closing on the first node", () => {
    expect(findCycles([dep("a", "b"), dep("b", "c"), dep("c", "a")])).toEqual([["a", "b", "c", "a"]]);
    expect(findCycles([dep("a", "b"), dep("b", "c"), dep("c", "a")]).map((c) => c.join(" → "))).toEqual(["a → b → c → a"]);
  });

  it("reports a self-dependency", () => {
    expect(findCycles([dep("a", "a")])).toEqual([["a", "a"]]);
  });

  it("reports each distinct cycle once, and ignores uses edges", () => {
    const edges: Edge[] = [dep("a", "b"), dep("b", "a"), dep("c", "d"), dep("d", "c"), { from: "x", to: "y", kind: "uses" }, { from: "y", to: "x", kind: "uses" }];
    expect(findCycles(edges)).toEqual([
      ["a", "b", "a"],
      ["c", "d", "c"],
    ]);
  });

  it("finds the cycle a stack program builds with addDependency", () => {
    const stack = new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
    const img = Image.fromRegistry("busybox:1.36");
    const a = new Service(stack, "a", { image: img });
    const b = new Service(stack, "b", { image: img, dependsOn: [{ on: a, condition: "healthy" }] });
    a.addDependency(b);
    expect(findCycles(synth(stack).edges)).toEqual([["a", "b", "a"]]);
  });
});

describe("dependencyLevels", () => {
  it("orders every dependency before its dependents, level by level", () => {
    const edges: Edge[] = [dep("web", "migrate"), dep("migrate", "db"), { from: "db", to: "net", kind: "uses" }, { from: "web", to: "net", kind: "uses" }];
    expect(dependencyLevels(["web", "migrate", "db", "net"], edges)).toEqual([["net"], ["db"], ["migrate"], ["web"]]);
  });
});
