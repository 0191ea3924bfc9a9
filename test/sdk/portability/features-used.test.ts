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
      { feature: "dependsOn.healthy", node: "migrate", field: "dependsOn", found: "db (healthy)" },
    ]);
    expect(used.find((u) => u.feature === "resources.limits")!.uses).toEqual([
      { feature: "resources.limits", node: "migrate", field: "resources", found: "cpu: 0.5, memoryBytes: 67108864" },
    ]);
  });

  it("counts update only for services with more than one replica to roll", () => {
    const g = graph((s) => {
      new Service(s, "one", { image: Image.fromRegistry("nginx:1.27") });
      new Service(s, "two", { image: Image.fromRegistry("nginx:1.27"), replicas: 2 });
    });
    expect(featuresUsed(g).find((u) => u.feature === "update")!.nodes).toEqual(["two"]);
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
    expect(new Map(used.map((u) => [u.feature, u.nodes]))).toEqual(featureNodes(g));
    expect(featureNodes(g).get("dependsOn.healthy")).toEqual(["web"]);
    expect(used.find((u) => u.feature === "dependsOn.healthy")!.uses.map((u) => u.found)).toEqual(["cache (healthy); db (healthy)"]);
  });
});
