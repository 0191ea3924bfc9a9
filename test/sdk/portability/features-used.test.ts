import { describe, expect, it } from "vitest";
import { Image, Job, Secret, Service, Size, Stack, StackConfig, Swarm, synth } from "../../../sdk/index.ts";
import { featureNodes, featuresUsed } from "../../../sdk/portability/features-used.ts";

function graph(build: (stack: Stack) => void) {
  const stack = new Stack("t", { environment: "test", target: new Swarm(), config: StackConfig.from({ pw: "x" }) });
  build(stack);
  return synth(stack);
}

describe("featuresUsed", () => {
  it("lists each feature a graph uses with the nodes that use it, in FEATURES order", () => {
    const g = graph((s) => {
      const db = new Service(s, "db", {
        image: Image.fromRegistry("postgres:16.4"),
        replicas: 2,
        secrets: { pw: Secret.fromConfig("pw") },
        healthcheck: { command: ["pg_isready"] },
        privileged: true,
        user: "postgres",
      });
      new Job(s, "migrate", {
        image: Image.fromRegistry("postgres:16.4"),
        dependsOn: [{ on: db, condition: "healthy" }],
        capabilities: { add: ["NET_ADMIN"] },
        resources: { cpu: 0.5, memory: Size.mebibytes(64) },
      });
    });
    const used = featuresUsed(g);
    expect(used.map((u) => [u.feature, u.nodes.join(" ")])).toEqual([
      ["image.registry", "image/postgres-16.4"],
      ["service", "db"],
      ["job", "migrate"],
      ["secret", "db"],
      ["healthcheck", "db"],
      ["dependsOn.healthy", "migrate"],
      ["resources.limits", "migrate"],
      ["logging", "db migrate"],
      ["hardening.user", "db"],
      ["hardening.userName", "db"],
      ["hardening.readOnlyRootFilesystem", "db migrate"],
      ["hardening.capabilities", "db migrate"],
      ["hardening.capabilities.add", "migrate"],
      ["hardening.noNewPrivileges", "db migrate"],
      ["hardening.init", "db migrate"],
      ["privileged", "db"],
      ["update", "db"],
    ]);
    expect(used.find((u) => u.feature === "dependsOn.healthy")!.uses).toEqual([
      { feature: "dependsOn.healthy", node: "migrate", field: "dependsOn", found: "db (healthy)", explicit: true },
    ]);
    expect(used.find((u) => u.feature === "resources.limits")!.uses).toEqual([
      { feature: "resources.limits", node: "migrate", field: "resources", found: "cpu: 0.5, memoryBytes: 67108864", explicit: true },
    ]);
  });

  it("counts update only for services with more than one replica to roll", () => {
    const g = graph((s) => {
      new Service(s, "one", { image: Image.fromRegistry("nginx:1.27") });
      new Service(s, "two", { image: Image.fromRegistry("nginx:1.27"), replicas: 2 });
    });
    expect(featuresUsed(g).find((u) => u.feature === "update")!.nodes).toEqual(["two"]);
  });

  it("marks a use as explicit only where the program sets the field, and lists the nodes that use it by default", () => {
    const g = graph((s) => {
      new Service(s, "plain", { image: Image.fromRegistry("nginx:1.27"), replicas: 2 });
      new Service(s, "strict", { image: Image.fromRegistry("nginx:1.27"), replicas: 2, noNewPrivileges: true, update: { parallelism: 1 } });
      new Service(s, "rolls", { image: Image.fromRegistry("nginx:1.27"), replicas: 2, rollback: { order: "stop-first" } });
    });
    const used = featuresUsed(g);
    const nnp = used.find((u) => u.feature === "hardening.noNewPrivileges")!;
    expect(nnp.nodes).toEqual(["plain", "rolls", "strict"]);
    expect(nnp.byDefault).toEqual(["plain", "rolls"]);
    expect(nnp.uses.map((u) => [u.node, u.field, u.found, u.explicit])).toEqual([
      ["plain", "noNewPrivileges", "true", false],
      ["rolls", "noNewPrivileges", "true", false],
      ["strict", "noNewPrivileges", "true", true],
    ]);
    // Setting rollback is setting the update feature: the use names the field the program wrote.
    expect(used.find((u) => u.feature === "update")!.uses.map((u) => [u.node, u.field, u.found, u.explicit])).toEqual([
      ["plain", "update", "order start-first, failure rollback", false],
      ["rolls", "rollback", "order stop-first, failure pause", true],
      ["strict", "update", "order start-first, failure rollback", true],
    ]);
    expect(featureNodes(g).get("update")).toEqual({ nodes: ["plain", "rolls", "strict"], byDefault: ["plain"] });
  });

  it("gives the same answer for the same graph", () => {
    const g = graph((s) => new Service(s, "web", { image: Image.fromRegistry("nginx:1.27") }));
    expect(featuresUsed(g)).toEqual(featuresUsed(structuredClone(g)));
  });

  it("featureNodes names the nodes featuresUsed lists, each once, without rendering the uses", () => {
    const g = graph((s) => {
      const db = new Service(s, "db", { image: Image.fromRegistry("postgres:16.4"), healthcheck: { command: ["pg_isready"] } });
      const cache = new Service(s, "cache", { image: Image.fromRegistry("redis:7.4"), healthcheck: { tcp: { port: 6379 } } });
      // Two healthy dependencies: dependsOn.healthy is used twice by one node.
      new Service(s, "web", { image: Image.fromRegistry("nginx:1.27"), dependsOn: [{ on: db, condition: "healthy" }, { on: cache, condition: "healthy" }] });
    });
    const used = featuresUsed(g);
    expect(new Map(used.map((u) => [u.feature, { nodes: u.nodes, byDefault: u.byDefault }]))).toEqual(featureNodes(g));
    expect(featureNodes(g).get("dependsOn.healthy")).toEqual({ nodes: ["web"], byDefault: [] });
    expect(used.find((u) => u.feature === "dependsOn.healthy")!.uses.map((u) => u.found)).toEqual(["cache (healthy); db (healthy)"]);
  });
});
