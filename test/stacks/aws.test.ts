/**
 * stacks/aws, the shop on ECS/Fargate: it checks clean and exports with the CLI, and its Pulumi
 * main realizes it (under Pulumi mocks) as the AWS resources the Fargate lowering describes.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import { pulumiProgram } from "../../providers/pulumi-program.ts";
import type { Stack } from "../../sdk/index.ts";
import { berthSync } from "../support/kubernetes.ts";
import { recordPulumi } from "../support/pulumi-mocks.ts";
import { AWS_CALLS } from "../providers/fargate/pulumi-calls.ts";

const DIR = fileURLToPath(new URL("../../stacks/aws/", import.meta.url));
const CANARY = "canary-fgpulumi-stacks-aws";

describe("stacks/aws", () => {
  const out = mkdtempSync(join(tmpdir(), "berth-fgpulumi-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("passes `berth check` with no errors or warnings and exports the ecs format", () => {
    const check = berthSync(["check", "stacks/aws"]);
    expect([check.code, check.stdout.trim().split("\n").at(-1)]).toEqual([0, "✔ shop on fargate: 0 errors (0 policy, 0 portability), 0 warnings, 1 suppressed"]);
    const exported = berthSync(["export", "stacks/aws", "--format", "ecs", "--out", join(out, "ecs.json")]);
    expect(exported.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["ecs.json", "shop-db.service.json", "shop-db.task-definition.json", "shop-migrate.run-task.json", "shop-migrate.task-definition.json", "shop-web.service.json", "shop-web.task-definition.json"]);
  });

  it("realizes through its Pulumi main as the AWS resources of the Fargate lowering, in the configured subnets, the password a Pulumi secret", async () => {
    const registered = recordPulumi("shop", "aws", { "shop:dbPassword": CANARY }, ["shop:dbPassword"], AWS_CALLS);
    process.env.BERTH_STACK_DIR = DIR;
    const { default: stack } = (await import("../../stacks/aws/index.ts")) as { default: Stack };
    const gaps: string[] = [];
    const outputs = await pulumiProgram(stack, { dir: DIR, onGap: (g) => gaps.push(`${g.node} ${g.field}`) });
    await pulumi.runtime.disconnect();
    expect(registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "aws:cloudwatch/logGroup:LogGroup #log-group",
      "aws:ec2/securityGroup:SecurityGroup #sg:load-balancer",
      "aws:ec2/securityGroup:SecurityGroup #sg:shop-backend",
      "aws:ecs/cluster:Cluster #cluster",
      "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders #cluster#capacity-providers",
      "aws:ecs/service:Service Shop/db",
      "aws:ecs/service:Service Shop/web",
      "aws:ecs/taskDefinition:TaskDefinition Shop/db#task-definition",
      "aws:ecs/taskDefinition:TaskDefinition Shop/migrate#task-definition",
      "aws:ecs/taskDefinition:TaskDefinition Shop/web#task-definition",
      "aws:efs/fileSystem:FileSystem Shop/pgdata",
      "aws:efs/mountTarget:MountTarget Shop/pgdata#mount-target:subnet-0aaaaaaaaaaaaaaa1",
      "aws:efs/mountTarget:MountTarget Shop/pgdata#mount-target:subnet-0bbbbbbbbbbbbbbb2",
      "aws:iam/role:Role #execution-role",
      "aws:iam/rolePolicy:RolePolicy #execution-role#policy",
      "aws:lb/listener:Listener Shop/web#listener:8080",
      "aws:lb/loadBalancer:LoadBalancer #load-balancer",
      "aws:lb/targetGroup:TargetGroup Shop/web#target-group:8080",
      "aws:secretsmanager/secret:Secret secret/dbPassword",
      "aws:secretsmanager/secretVersion:SecretVersion secret/dbPassword#value",
      "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace #namespace",
      "aws:servicediscovery/service:Service Shop/db#discovery",
      "aws:servicediscovery/service:Service Shop/web#discovery",
      "docker:index/image:Image image/web",
      "pulumi:providers:aws shop-aws",
    ]);
    const web = registered.find((r) => r.name === "Shop/web")!;
    expect(web.inputs).toMatchObject({ name: "shop-web", desiredCount: 2, networkConfiguration: { subnets: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"], assignPublicIp: false } });
    // The web image is built and pushed to the configured ECR registry under the tag its task definition names.
    const image = registered.find((r) => r.name === "image/web")!;
    expect(image.inputs.imageName).toMatch(/^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\//);
    expect(JSON.parse(registered.find((r) => r.name === "Shop/web#task-definition")!.inputs.containerDefinitions as string)[1].image).toBe(image.inputs.imageName);
    expect(registered.find((r) => r.name === "secret/dbPassword#value")).toMatchObject({ inputs: { secretString: CANARY }, secretInputs: ["secretString"] });
    expect(JSON.stringify(registered.filter((r) => r.name !== "secret/dbPassword#value"))).not.toContain(CANARY);
    expect(gaps).toEqual(["Shop/migrate RunTask", "Shop/web dependsOn"]);
    expect(outputs).toEqual({
      endpoints: ["shop-db: shop-db.shop.internal:5432 (in the VPC)", "shop-web: shop-web.shop.internal:8080 (in the VPC)", "shop-web: http://<DNS name of load balancer shop-berth>:8080"],
      services: ["shop-db", "shop-web"],
      taskDefinitions: ["shop-shop-db", "shop-shop-migrate", "shop-shop-web"],
    });
  });
});
