/**
 * The `ecs` export against AWS's own definitions: every exported document validates against the
 * official ECS API model (members, required members, types, enums), and every exported task
 * definition registers with the local ECS endpoint of the moto kit through the AWS SDK v3.
 * moto accepts much that AWS refuses (its README lists it), so the model check and Berth's own
 * rules carry the rest.
 */
import { DeregisterTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { fargateProvider } from "../../../providers/fargate/provider.ts";
import { awsClientConfig, ecsModel, requireAws, validateShape } from "../../support/aws.ts";
import { REPO_ROOT } from "../../support/kubernetes.ts";
import { shopPortable } from "./fixture-graph.ts";

/** The shop's exported files, parsed, by name. */
function files(): [string, Record<string, unknown>][] {
  const r = fargateProvider.exports[0]!.render({ graph: shopPortable(), dir: REPO_ROOT, config: () => undefined });
  return Object.entries(r.files).map(([name, text]) => [name, JSON.parse(text) as Record<string, unknown>]);
}

const REQUEST: Readonly<Record<string, string>> = { "task-definition": "RegisterTaskDefinitionRequest", service: "CreateServiceRequest", "run-task": "RunTaskRequest" };

describe("the ecs export against the ECS API", () => {
  it("validates every exported document against the official ECS API model", () => {
    const model = ecsModel();
    const problems = files().flatMap(([name, doc]) => {
      const kind = /\.([a-z-]+)\.json$/.exec(name)![1]!;
      return validateShape(model, REQUEST[kind]!, doc).map((p) => `${name} ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it("has a validator that catches a misnamed member, a wrong type, a bad enum and a missing required member", () => {
    const model = ecsModel();
    const td = files().find(([n]) => n === "shop-web.task-definition.json")![1];
    const { family: _f, ...rest } = td;
    void _f;
    const broken = { ...rest, networkmode: "awsvpc", cpu: 256, requiresCompatibilities: ["LAMBDA"] };
    expect(validateShape(model, "RegisterTaskDefinitionRequest", broken)).toEqual([
      "$: missing required member family (shape RegisterTaskDefinitionRequest)",
      '$.requiresCompatibilities[0]: "LAMBDA" is not one of EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES (shape Compatibility)',
      "$.cpu: expected a string, found 256 (shape String)",
      "$: unknown member networkmode (shape RegisterTaskDefinitionRequest)",
    ]);
  });

  it("registers every exported task definition with the local ECS endpoint, which echoes it back", async () => {
    requireAws();
    const ecs = new ECSClient(awsClientConfig("us-east-1"));
    try {
      for (const [name, doc] of files().filter(([n]) => n.endsWith(".task-definition.json"))) {
        const out = await ecs.send(new RegisterTaskDefinitionCommand(doc as never));
        const td = out.taskDefinition!;
        expect([name, td.family, td.status, td.networkMode, td.cpu, td.memory, td.requiresCompatibilities, td.containerDefinitions!.map((c) => c.name)]).toEqual([
          name,
          doc.family,
          "ACTIVE",
          "awsvpc",
          doc.cpu,
          doc.memory,
          ["FARGATE"],
          (doc.containerDefinitions as { name: string }[]).map((c) => c.name),
        ]);
        expect(td.containerDefinitions).toEqual((doc.containerDefinitions as object[]).map((c) => expect.objectContaining(c)));
        await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: td.taskDefinitionArn! }));
      }
    } finally {
      ecs.destroy();
    }
  });
});
