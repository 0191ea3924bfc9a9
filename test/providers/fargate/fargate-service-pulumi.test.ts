/**
 * A FargateService under `pulumi up`: no realizer code of its own — its task definition and
 * service are the lowered nodes every portable Service also lowers to, so Pulumi sends its
 * containerDefinitions through the one serializer (byte-identical to the engine and the export),
 * its task fields as written, and the stack-owned secret only as an ARN.
 */
import { describe, expect, it } from "vitest";
import { containerDefinitionsJson } from "../../../providers/fargate/container-definitions-json.ts";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import { realizeFargateWithPulumi } from "../../../providers/fargate/pulumi.ts";
import { recordRealization } from "../../support/pulumi-mocks.ts";
import { nodeOf } from "./fixture-graph.ts";
import { FS_CANARY, FS_SM, fargateServicePortable } from "./fargate-service-fixture.ts";
import { ACCOUNT_ID, AWS_CALLS } from "./pulumi-calls.ts";

describe("a FargateService realized with Pulumi", () => {
  const run = recordRealization({
    project: "mixed",
    secretConfig: { "mixed:dbPassword": FS_CANARY },
    calls: AWS_CALLS,
    graph: () => {
      const portable = fargateServicePortable();
      return { portable, lowered: lowerFargate(portable) };
    },
    realize: ({ portable, lowered }) => realizeFargateWithPulumi(portable, lowered, { onGap: () => undefined }),
  });

  it("sends the lowered containerDefinitions through the one serializer, the owned secret named by its real ARN", () => {
    const td = nodeOf(run.graph.lowered, "worker#task-definition", "ecs.task-definition").input;
    const own = nodeOf(run.graph.lowered, "secret/dbPassword", "aws.secret").arn;
    const sent = run.byName("worker#task-definition").inputs;
    expect(sent.containerDefinitions).toBe(containerDefinitionsJson(td.containerDefinitions, { [own]: "arn:mock:secret/dbPassword", "<account>": ACCOUNT_ID }));
    const defs = JSON.parse(sent.containerDefinitions as string) as { name: string; secrets?: { name: string; valueFrom: string }[] }[];
    expect(defs.find((d) => d.name === "worker")?.secrets).toEqual([{ name: "API_KEY", valueFrom: FS_SM }, { name: "DB_PASSWORD", valueFrom: "arn:mock:secret/dbPassword" }]);
  });

  it("keeps the task fields the program wrote: family, size, storage and platform", () => {
    expect(run.byName("worker#task-definition").inputs).toMatchObject({
      family: "mixed-worker",
      cpu: "512",
      memory: "1024",
      ephemeralStorage: { sizeInGib: 30 },
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
    });
    expect(run.byName("worker").type).toBe("aws:ecs/service:Service");
  });

  it("never sends the secret value outside the Secrets Manager secret version", () => {
    const outside = run.registered.filter((r) => r.type !== "aws:secretsmanager/secretVersion:SecretVersion");
    expect(JSON.stringify(outside.map((r) => r.inputs))).not.toContain(FS_CANARY);
  });
});
