import { describe, expect, it } from "vitest";
import { checkGraph } from "../../../sdk/policy/check.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { Fargate, Image, Secret, Service, Size, Stack, StackConfig, synth, type ServiceProps } from "../../../sdk/index.ts";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import { fargateProvider } from "../../../providers/fargate/provider.ts";
import { FARGATE_TARGET_RULES } from "../../../providers/fargate/rules.ts";
import type { FargateGraph, FargateNode } from "../../../providers/fargate/target.ts";
import { DIGEST, shopFargate, shopPortable } from "./fixture-graph.ts";

const now = new Date("2026-06-15T12:00:00Z");

/** A Fargate stack with one Service `app`. */
function portable(props: Partial<ServiceProps> = {}, o: { profile?: "dev" | "prod"; subnets?: string[] } = {}): Graph {
  const stack = new Stack("fg", {
    environment: "dev",
    ...(o.profile ? { profile: o.profile } : {}),
    target: new Fargate({ cluster: "c", region: "us-east-1", subnets: o.subnets ?? ["subnet-a", "subnet-b"], securityGroups: ["sg-1"] }),
    config: StackConfig.from({ key: "v" }),
  });
  new Service(stack, "app", { image: Image.fromRegistry(`busybox:1@${DIGEST}`), ...props });
  return synth(stack);
}

/** The findings of one target rule, as `berth check` reports them. */
function findings(graph: Graph, rule: string, lowered: FargateGraph = lowerFargate(graph)) {
  return checkGraph(graph, { now, rules: [], target: { rules: FARGATE_TARGET_RULES, lowered } })
    .findings.filter((f) => f.rule === rule)
    .map((f) => [f.severity, f.path, f.field, f.found, f.message]);
}

/** The lowered graph with one node changed. */
function edited(g: FargateGraph, change: (n: FargateNode) => FargateNode | undefined): FargateGraph {
  return { ...g, nodes: g.nodes.flatMap((n) => change(structuredClone(n)) ?? []) };
}

describe("the Fargate target rules", () => {
  it("are the registration's target rules", () => {
    expect(fargateProvider.targetRules.map((r) => r.id)).toEqual(["res.fargate-size", "secret.execution-role", "log.retention", "net.fargate-host-port", "avail.fargate-subnets"]);
  });

  it("find nothing wrong with the shop's own lowering", () => {
    const g = shopPortable();
    const all = checkGraph(g, { now, rules: [], target: { rules: FARGATE_TARGET_RULES, lowered: shopFargate() } }).findings;
    expect(all).toEqual([]);
  });

  it("res.fargate-size fails an explicit cpu/memory pair Fargate does not offer", () => {
    expect(findings(portable({ fargate: { cpu: 256, memoryMiB: 4096 } }), "res.fargate-size")).toEqual([
      ["error", "fg/app", "targetOptions.fargate", "cpu 256, memory 4096 MiB", "Service 'app' asks for a Fargate task of cpu 256, memory 4096 MiB, which Fargate does not offer (cpu 256 takes 512, 1024, 2048 MiB)."],
    ]);
    expect(findings(portable({ fargate: { cpu: 300, memoryMiB: 512 } }), "res.fargate-size")[0]![4]).toBe(
      "Service 'app' asks for a Fargate task of cpu 300, memory 512 MiB, which Fargate does not offer (cpu is one of 256, 512, 1024, 2048, 4096, 8192, 16384).",
    );
  });

  it("res.fargate-size fails container limits larger than an explicit task, and passes the size lowering picks", () => {
    expect(findings(portable({ fargate: { cpu: 256, memoryMiB: 512 }, resources: { cpu: 0.5, memory: Size.gibibytes(1) } }), "res.fargate-size")).toEqual([
      ["error", "fg/app", "resources", "containers cpu 512, memory 1024 MiB", "Service 'app''s containers need cpu 512 and 1024 MiB, more than its Fargate task of cpu 256, memory 512 MiB."],
    ]);
    expect(findings(portable({ resources: { cpu: 0.5, memory: Size.gibibytes(1) } }), "res.fargate-size")).toEqual([]);
  });

  it("log.retention warns in dev and fails prod when a container logs to a log group the stack does not create", () => {
    const graph = portable();
    const without = edited(lowerFargate(graph), (n) => (n.kind === "aws.log-group" ? undefined : n));
    expect(findings(graph, "log.retention", without)).toEqual([["warning", "fg/app", "logging", "/berth/fg", "Service 'app''s container app logs to the log group /berth/fg, which the stack does not create with a retention."]]);
    const prod = portable({}, { profile: "prod" });
    expect(findings(prod, "log.retention", edited(lowerFargate(prod), (n) => (n.kind === "aws.log-group" ? undefined : n))).map((f) => f[0])).toEqual(["error"]);
  });

  it("net.fargate-host-port fails a host port that differs from its container port", () => {
    const graph = portable({ ports: [8080] });
    const moved = edited(lowerFargate(graph), (n) => {
      if (n.kind === "ecs.task-definition") n.input.containerDefinitions[0]!.portMappings![0]!.hostPort = 80;
      return n;
    });
    expect(findings(graph, "net.fargate-host-port")).toEqual([]);
    expect(findings(graph, "net.fargate-host-port", moved)).toEqual([["error", "fg/app", "ports", "80:8080", "Service 'app' maps host port 80 to container port 8080; awsvpc tasks need them equal."]]);
  });

  it("secret.execution-role fails a task that reads secrets without the stack's execution role", () => {
    const graph = portable({ secrets: { key: Secret.fromConfig("key") } });
    const without = edited(lowerFargate(graph), (n) => (n.kind === "aws.execution-role" ? undefined : n));
    expect(findings(graph, "secret.execution-role")).toEqual([]);
    expect(findings(graph, "secret.execution-role", without)).toEqual([
      ["error", "fg/app", "secrets", "arn:aws:iam::<account>:role/fg-execution", "Service 'app''s task reads secrets but names no execution role of the stack."],
    ]);
  });

  it("avail.fargate-subnets fails a prod stack in one subnet and says nothing in dev", () => {
    expect(findings(portable({}, { profile: "prod", subnets: ["subnet-a"] }), "avail.fargate-subnets")).toEqual([
      ["error", "fg", "target.subnets", '["subnet-a"]', "Stack 'fg' runs in 1 subnet; production needs two, in two availability zones."],
    ]);
    expect(findings(portable({}, { subnets: ["subnet-a"] }), "avail.fargate-subnets")).toEqual([]);
  });
});
