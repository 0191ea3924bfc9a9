/**
 * Agreement of the three Fargate realizers on what matters most, the container definitions:
 * the JSON text Pulumi sends as `containerDefinitions` is byte-identical to the `ecs` export's
 * task definition serialized by the same function with the same resolutions, and to what
 * Berth's engine registers (the lowering, placeholders resolved the same way, or lowered with
 * the account already known). Pulumi's task definitions also validate against the official ECS
 * API model and register with the local ECS endpoint of the moto kit.
 */
import { DeregisterTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import type { ContainerDefinition } from "../../../providers/fargate/api.ts";
import { containerDefinitionsJson, resolvePlaceholders } from "../../../providers/fargate/container-definitions-json.ts";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import { fargateProvider } from "../../../providers/fargate/provider.ts";
import { realizeFargateWithPulumi } from "../../../providers/fargate/pulumi.ts";
import { awsClientConfig, ecsModel, requireAws, validateShape } from "../../support/aws.ts";
import { REPO_ROOT } from "../../support/kubernetes.ts";
import { recordRealization } from "../../support/pulumi-mocks.ts";
import { CANARY, nodeOf, shopPortable } from "./fixture-graph.ts";
import { ACCOUNT_ID, AWS_CALLS, VPC_ID } from "./pulumi-calls.ts";

/** The exported task definitions by family. */
function exportedTaskDefinitions(): Map<string, { family: string; containerDefinitions: ContainerDefinition[] }> {
  const r = fargateProvider.exports[0]!.render({ graph: shopPortable(), dir: REPO_ROOT, config: () => undefined });
  const docs = Object.entries(r.files)
    .filter(([name]) => name.endsWith(".task-definition.json"))
    .map(([, text]) => JSON.parse(text) as { family: string; containerDefinitions: ContainerDefinition[] });
  return new Map(docs.map((d) => [d.family, d]));
}

describe("Pulumi, the ecs export and the engine agree: containerDefinitions byte for byte, services setting for setting", () => {
  const run = recordRealization({
    project: "shop",
    secretConfig: { "shop:dbPassword": CANARY },
    calls: AWS_CALLS,
    graph: () => {
      const portable = shopPortable();
      return { portable, lowered: lowerFargate(portable) };
    },
    realize: ({ portable, lowered }) => realizeFargateWithPulumi(portable, lowered, { onGap: () => undefined }),
  });
  /** What Pulumi resolved: the caller's account, the VPC and the secret's real ARN (the mock's). */
  const resolutions = () => ({ "<account>": ACCOUNT_ID, "<vpc>": VPC_ID, [nodeOf(run.graph.lowered, "secret/dbPassword", "aws.secret").arn]: "arn:mock:secret/dbPassword" });
  const pulumiTaskDefinitions = () => run.registered.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");

  it("sends each task definition's containerDefinitions as the export's, serialized by the one serializer with Pulumi's resolutions", () => {
    const exported = exportedTaskDefinitions();
    expect(pulumiTaskDefinitions().map((r) => r.inputs.family).sort()).toEqual([...exported.keys()].sort());
    for (const r of pulumiTaskDefinitions()) {
      const doc = exported.get(r.inputs.family as string)!;
      expect(r.inputs.containerDefinitions).toBe(containerDefinitionsJson(doc.containerDefinitions, resolutions()));
    }
  });

  it("sends what the engine registers: the lowering resolved the same way, or lowered with the account known and the secret's ARN replaced", () => {
    const lowered = run.graph.lowered;
    const withAccount = lowerFargate(shopPortable(), { account: ACCOUNT_ID });
    for (const r of pulumiTaskDefinitions()) {
      const n = lowered.nodes.find((x) => x.kind === "ecs.task-definition" && x.input.family === r.inputs.family);
      const m = withAccount.nodes.find((x) => x.kind === "ecs.task-definition" && x.input.family === r.inputs.family);
      if (n?.kind !== "ecs.task-definition" || m?.kind !== "ecs.task-definition") throw new Error(`no task definition ${String(r.inputs.family)}`);
      expect(r.inputs.containerDefinitions).toBe(containerDefinitionsJson(n.input.containerDefinitions, resolutions()));
      const arn = nodeOf(withAccount, "secret/dbPassword", "aws.secret").arn;
      expect(arn).toContain(ACCOUNT_ID);
      expect(r.inputs.containerDefinitions).toBe(containerDefinitionsJson(m.input.containerDefinitions, { [arn]: "arn:mock:secret/dbPassword" }));
    }
  });

  it("serializes the export's definitions unresolved to the lowering's own text, and keeps every member in place", () => {
    for (const [family, doc] of exportedTaskDefinitions()) {
      const n = run.graph.lowered.nodes.find((x) => x.kind === "ecs.task-definition" && x.input.family === family)!;
      expect(containerDefinitionsJson(doc.containerDefinitions)).toBe(JSON.stringify(n.kind === "ecs.task-definition" ? n.input.containerDefinitions : undefined));
    }
    // Whole-value replacement: a longer ARN that starts with a resolved one is left alone.
    expect(resolvePlaceholders(["arn:x:secret:a", "arn:x:secret:ab", "id <account>/<other:1>"], { "arn:x:secret:a": "A", "<account>": "1" })).toEqual(["A", "arn:x:secret:ab", "id 1/<other:1>"]);
  });

  it("creates each exported service with the export's settings, its placeholders resolved to the resources' ARNs", () => {
    const r = fargateProvider.exports[0]!.render({ graph: shopPortable(), dir: REPO_ROOT, config: () => undefined });
    // The mocks' ARNs: `arn:mock:<resource name>`, the resource name being the node id.
    const arns = Object.fromEntries(run.graph.lowered.nodes.flatMap((n) => ("arn" in n ? [[n.arn, `arn:mock:${n.id}`]] : [])));
    const services = Object.entries(r.files).filter(([name]) => name.endsWith(".service.json"));
    expect(services.map(([name]) => name).sort()).toEqual(["shop-db.service.json", "shop-web.service.json"]);
    for (const [, text] of services) {
      const svc = resolvePlaceholders(JSON.parse(text) as CreateService, { ...arns, ...resolutions() });
      const p = run.registered.find((x) => x.type === "aws:ecs/service:Service" && x.inputs.name === svc.serviceName)!;
      const net = svc.networkConfiguration.awsvpcConfiguration;
      expect(p.inputs).toEqual({
        name: svc.serviceName,
        cluster: "arn:mock:#cluster",
        taskDefinition: expect.stringMatching(/^arn:mock:Shop\/[a-z]+#task-definition$/),
        desiredCount: svc.desiredCount,
        launchType: svc.launchType,
        networkConfiguration: { subnets: net.subnets, securityGroups: [...net.securityGroups, "#sg:shop-backend-id"], assignPublicIp: net.assignPublicIp === "ENABLED" },
        deploymentMinimumHealthyPercent: svc.deploymentConfiguration.minimumHealthyPercent,
        deploymentMaximumPercent: svc.deploymentConfiguration.maximumPercent,
        deploymentCircuitBreaker: svc.deploymentConfiguration.deploymentCircuitBreaker,
        serviceRegistries: svc.serviceRegistries[0],
        ...(svc.loadBalancers ? { loadBalancers: svc.loadBalancers } : {}),
        propagateTags: svc.propagateTags,
        enableEcsManagedTags: svc.enableECSManagedTags,
        waitForSteadyState: true,
        tags: Object.fromEntries(svc.tags.map((t) => [t.key, t.value])),
      });
    }
  });

  it("validates Pulumi's task definitions against the official ECS API model", () => {
    const model = ecsModel();
    const problems = pulumiTaskDefinitions().flatMap((r) => validateShape(model, "RegisterTaskDefinitionRequest", request(r.inputs, "")).map((p) => `${r.name} ${p}`));
    expect(problems).toEqual([]);
  });

  it("registers Pulumi's containerDefinitions with the local ECS endpoint, which echoes them back", async () => {
    requireAws();
    const ecs = new ECSClient(awsClientConfig("us-east-1"));
    try {
      for (const r of pulumiTaskDefinitions()) {
        const input = request(r.inputs, "fgpulumi-");
        const out = await ecs.send(new RegisterTaskDefinitionCommand(input as never));
        const td = out.taskDefinition!;
        try {
          expect([td.family, td.status, td.networkMode, td.cpu, td.memory]).toEqual([input.family, "ACTIVE", "awsvpc", r.inputs.cpu, r.inputs.memory]);
          expect(td.containerDefinitions).toEqual((input.containerDefinitions as object[]).map((c) => expect.objectContaining(c)));
        } finally {
          await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: td.taskDefinitionArn! }));
        }
      }
    } finally {
      ecs.destroy();
    }
  });
});

/** The members of an exported service the comparison reads. */
interface CreateService {
  serviceName: string;
  desiredCount: number;
  launchType: string;
  networkConfiguration: { awsvpcConfiguration: { subnets: string[]; securityGroups: string[]; assignPublicIp: string } };
  deploymentConfiguration: { minimumHealthyPercent: number; maximumPercent: number; deploymentCircuitBreaker: { enable: boolean; rollback: boolean } };
  serviceRegistries: { registryArn: string }[];
  loadBalancers?: { targetGroupArn: string; containerName: string; containerPort: number }[];
  propagateTags: string;
  enableECSManagedTags: boolean;
  tags: { key: string; value: string }[];
}

/** A Pulumi TaskDefinition's inputs as the RegisterTaskDefinition request the provider makes of them. */
function request(inputs: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const tags = inputs.tags as Record<string, string>;
  const volumes = inputs.volumes as { name: string; efsVolumeConfiguration?: Record<string, unknown> }[];
  return {
    family: `${prefix}${String(inputs.family)}`,
    networkMode: inputs.networkMode,
    requiresCompatibilities: inputs.requiresCompatibilities,
    cpu: inputs.cpu,
    memory: inputs.memory,
    executionRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/shop-execution`,
    containerDefinitions: JSON.parse(inputs.containerDefinitions as string) as unknown,
    volumes: volumes.map((v) => (v.efsVolumeConfiguration ? { name: v.name, efsVolumeConfiguration: { ...v.efsVolumeConfiguration, fileSystemId: "fs-0fgpulumi" } } : { name: v.name })),
    runtimePlatform: inputs.runtimePlatform,
    tags: Object.keys(tags)
      .sort()
      .map((key) => ({ key, value: tags[key]! })),
  };
}
