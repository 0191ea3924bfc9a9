import { describe, expect, it } from "vitest";
import type { TargetSpec, WorkloadNode } from "../../../../sdk/graph/schema.ts";
import { availSpread } from "../../../../sdk/policy/rules/avail-spread.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const fargate = (subnets: string[]): TargetSpec => ({ kind: "fargate", cluster: "c", region: "eu-west-1", subnets, securityGroups: [] });
const brief = (overrides: Partial<WorkloadNode>, target: TargetSpec) =>
  violations(availSpread, graphWith([workload("Shop/web", overrides)], { profile: "prod", target })).map(({ field, found, message }) => ({ field, found, message }));

describe("avail.spread", () => {
  it("passes a swarm service with a placement preference", () => {
    expect(brief({ replicas: 3, targetOptions: { swarm: { preferences: ["spread=node.labels.zone"] } } }, { kind: "swarm" })).toEqual([]);
  });

  it("passes a single replica, which has nothing to spread", () => {
    expect(brief({ replicas: 1 }, { kind: "swarm" })).toEqual([]);
  });

  it("warns about a replicated swarm service without preferences", () => {
    expect(brief({ replicas: 3 }, { kind: "swarm" })).toEqual([
      { field: "targetOptions.swarm.preferences", found: "unset", message: "Service 'web' runs 3 replicas with no placement preference to spread them." },
    ]);
  });

  it("passes Fargate across two subnets and warns with one", () => {
    expect(brief({ replicas: 2 }, fargate(["subnet-a", "subnet-b"]))).toEqual([]);
    expect(brief({ replicas: 2 }, fargate(["subnet-a"]))).toEqual([
      { field: "stack.target.subnets", found: '["subnet-a"]', message: "Service 'web' runs 2 replicas in fewer than two subnets, so in one availability zone." },
    ]);
  });

  it("warns on Kubernetes, where the graph has no spread option", () => {
    expect(brief({ replicas: 3 }, { kind: "kubernetes", namespace: "shop" })).toEqual([
      { field: "targetOptions.kubernetes", found: "no spread constraint", message: "Service 'web' runs 3 replicas with no spread constraint across nodes or zones." },
    ]);
  });
});
