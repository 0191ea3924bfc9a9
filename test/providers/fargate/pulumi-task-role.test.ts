/**
 * Task definition and service members only some workloads set (a FargateService's task role,
 * ephemeral storage, platform version and ECS Exec): the realizer passes them through when the
 * lowered input has them, the task role's `<account>` resolved like every other ARN.
 */
import { describe, expect, it } from "vitest";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import { realizeFargateWithPulumi } from "../../../providers/fargate/pulumi.ts";
import type { FargateGraph } from "../../../providers/fargate/target.ts";
import { recordRealization } from "../../support/pulumi-mocks.ts";
import { CANARY, shopPortable } from "./fixture-graph.ts";
import { ACCOUNT_ID, AWS_CALLS } from "./pulumi-calls.ts";

/** The shop lowered, its web task asking for a task role and more storage, its service for a platform version and ECS Exec. */
function withTaskRole(g: FargateGraph): FargateGraph {
  const nodes = g.nodes.map((n) => {
    if (n.kind === "ecs.task-definition" && n.source === "Shop/web") return { ...n, input: { ...n.input, taskRoleArn: "arn:aws:iam::<account>:role/shop-web", ephemeralStorage: { sizeInGiB: 40 } } };
    if (n.kind === "ecs.service" && n.source === "Shop/web") return { ...n, input: { ...n.input, platformVersion: "1.4.0", enableExecuteCommand: true } };
    return n;
  });
  return { ...g, nodes };
}

describe("realizeFargateWithPulumi with a task role", () => {
  const run = recordRealization({
    project: "shop",
    secretConfig: { "shop:dbPassword": CANARY },
    calls: AWS_CALLS,
    graph: () => {
      const portable = shopPortable();
      return { portable, lowered: withTaskRole(lowerFargate(portable)) };
    },
    realize: ({ portable, lowered }) => realizeFargateWithPulumi(portable, lowered, { onGap: () => undefined }),
  });

  it("gives the task definition the task role in the caller's account and the storage, and the service its platform version and ECS Exec", () => {
    expect(run.byName("Shop/web#task-definition").inputs).toMatchObject({ taskRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/shop-web`, ephemeralStorage: { sizeInGib: 40 } });
    expect(run.byName("Shop/web").inputs).toMatchObject({ platformVersion: "1.4.0", enableExecuteCommand: true });
  });

  it("leaves them out where the lowered input has none", () => {
    expect(Object.keys(run.byName("Shop/db#task-definition").inputs).filter((k) => k === "taskRoleArn" || k === "ephemeralStorage")).toEqual([]);
    expect(Object.keys(run.byName("Shop/db").inputs).filter((k) => k === "platformVersion" || k === "enableExecuteCommand")).toEqual([]);
  });
});
