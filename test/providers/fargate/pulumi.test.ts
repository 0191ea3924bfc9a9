/**
 * The Fargate Pulumi realizer under Pulumi mocks: the shop fixture lowered for Fargate, realized
 * with @pulumi/aws, each registration checked for its type token, name and exact inputs.
 */
import { describe, expect, it } from "vitest";
import { containerDefinitionsJson } from "../../../providers/fargate/container-definitions-json.ts";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import { realizeFargateWithPulumi } from "../../../providers/fargate/pulumi.ts";
import { recordRealization } from "../../support/pulumi-mocks.ts";
import { CANARY, nodeOf, shopPortable } from "./fixture-graph.ts";
import { ACCOUNT_ID, AWS_CALLS, VPC_CIDR, VPC_ID } from "./pulumi-calls.ts";

/** The ownership tags the lowering gave a node, as the provider's tag map. */
const tagsOf = (g: ReturnType<typeof lowerFargate>, id: string): Record<string, string> => {
  const n = g.nodes.find((x) => x.id === id)!;
  const t = (n.input as { tags?: unknown; Tags?: unknown }).Tags ?? (n.input as { tags: unknown }).tags;
  if (!Array.isArray(t)) return t as Record<string, string>;
  return Object.fromEntries((t as { key?: string; value?: string; Key?: string; Value?: string }[]).map((x) => [x.key ?? x.Key, x.value ?? x.Value]));
};

describe("realizeFargateWithPulumi", () => {
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
  const { byName } = run;
  const g = () => run.graph.lowered;

  it("creates one resource per lowered AWS object, named by its node id, plus the cluster, security groups, secret value, role policy and EFS mount targets", () => {
    expect(run.registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
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
      "aws:efs/mountTarget:MountTarget Shop/pgdata#mount-target:subnet-0a1",
      "aws:efs/mountTarget:MountTarget Shop/pgdata#mount-target:subnet-0b2",
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
      "pulumi:providers:aws shop-aws",
    ]);
    // Every lowered node but the Job's RunTask is a resource of that name.
    const names = new Set(run.registered.map((r) => r.name));
    expect(g().nodes.filter((n) => !names.has(n.id)).map((n) => `${n.kind} ${n.id}`)).toEqual(["ecs.run-task Shop/migrate"]);
  });

  it("creates each service after its role policy, secret values, volume mount targets, listeners and the task definition of the Job it waits for", () => {
    expect(byName("Shop/db").dependsOn).toEqual([
      "#cluster",
      "#execution-role#policy",
      "#sg:shop-backend",
      "Shop/db#discovery",
      "Shop/db#task-definition",
      "Shop/pgdata#mount-target:subnet-0a1",
      "Shop/pgdata#mount-target:subnet-0b2",
      "secret/dbPassword#value",
    ]);
    expect(byName("Shop/web").dependsOn).toEqual([
      "#cluster",
      "#execution-role#policy",
      "#sg:shop-backend",
      "Shop/migrate#task-definition",
      "Shop/web#discovery",
      "Shop/web#listener:8080",
      "Shop/web#target-group:8080",
      "Shop/web#task-definition",
      "secret/dbPassword#value",
    ]);
    // A task definition depends only on the objects its documents name.
    expect(byName("Shop/db#task-definition").dependsOn).toEqual(["#execution-role", "Shop/pgdata", "secret/dbPassword"]);
  });

  it("gives aws.ecs.Service the lowered CreateService input: circuit breaker with rollback, min/max percent, awsvpc, Cloud Map and the load balancer", () => {
    expect(byName("Shop/web").inputs).toEqual({
      name: "shop-web",
      cluster: "arn:mock:#cluster",
      taskDefinition: "arn:mock:Shop/web#task-definition",
      desiredCount: 3,
      launchType: "FARGATE",
      networkConfiguration: { subnets: ["subnet-0a1", "subnet-0b2"], securityGroups: ["sg-0shop", "#sg:shop-backend-id"], assignPublicIp: false },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 134,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      serviceRegistries: { registryArn: "arn:mock:Shop/web#discovery" },
      loadBalancers: [{ targetGroupArn: "arn:mock:Shop/web#target-group:8080", containerName: "shop-web", containerPort: 8080 }],
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      waitForSteadyState: true,
      tags: tagsOf(g(), "Shop/web"),
    });
    const db = nodeOf(g(), "Shop/db", "ecs.service").input;
    expect(byName("Shop/db").inputs).toMatchObject({ desiredCount: 1, deploymentMinimumHealthyPercent: db.deploymentConfiguration.minimumHealthyPercent, deploymentMaximumPercent: db.deploymentConfiguration.maximumPercent });
    expect(byName("Shop/db").inputs).not.toHaveProperty("loadBalancers");
  });

  it("gives aws.ecs.TaskDefinition the lowered input with containerDefinitions as one JSON string naming the secret's real ARN", () => {
    const td = nodeOf(g(), "Shop/db#task-definition", "ecs.task-definition").input;
    const secretArn = nodeOf(g(), "secret/dbPassword", "aws.secret").arn;
    expect(byName("Shop/db#task-definition").inputs).toEqual({
      family: "shop-shop-db",
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: "512",
      memory: "1024",
      executionRoleArn: "arn:mock:#execution-role",
      containerDefinitions: containerDefinitionsJson(td.containerDefinitions, { [secretArn]: "arn:mock:secret/dbPassword" }),
      volumes: [{ name: "secrets" }, { name: "shop-pgdata", efsVolumeConfiguration: { fileSystemId: "Shop/pgdata-id", rootDirectory: "/", transitEncryption: "ENABLED" } }, { name: "tmpfs-0" }, { name: "tmpfs-1" }],
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      tags: tagsOf(g(), "Shop/db#task-definition"),
    });
    const defs = JSON.parse(byName("Shop/db#task-definition").inputs.containerDefinitions as string) as { name: string; secrets?: { valueFrom: string }[] }[];
    expect(defs.map((d) => [d.name, d.secrets?.map((s) => s.valueFrom)])).toEqual([
      ["berth-secrets", ["arn:mock:secret/dbPassword"]],
      ["shop-db", undefined],
    ]);
    expect(JSON.stringify(run.registered.map((r) => r.inputs.containerDefinitions))).not.toMatch(/<account>|<[a-z-]+:/);
  });

  it("gives the execution role a policy reading exactly the stack's secret and writing its log group in the caller's account", () => {
    const role = nodeOf(g(), "#execution-role", "aws.execution-role").input;
    expect(byName("#execution-role").inputs).toEqual({ name: "shop-execution", assumeRolePolicy: role.AssumeRolePolicyDocument, tags: tagsOf(g(), "#execution-role") });
    expect(byName("#execution-role#policy").inputs).toEqual({
      name: "berth-execution",
      role: "#execution-role-id",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:/berth/shop:*`] },
          { Sid: "Secrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ["arn:mock:secret/dbPassword"] },
        ],
      }),
    });
  });

  it("writes the secret's value from the Pulumi config secret, only as a Pulumi secret", () => {
    expect(byName("secret/dbPassword").inputs).toEqual({ name: "shop/secret-dbpassword", description: "secret/dbPassword of stack shop (Berth)", tags: tagsOf(g(), "secret/dbPassword") });
    expect(byName("secret/dbPassword#value")).toMatchObject({ inputs: { secretId: "secret/dbPassword-id", secretString: CANARY }, secretInputs: ["secretString"] });
    expect(JSON.stringify(run.registered.filter((r) => r.name !== "secret/dbPassword#value"))).not.toContain(CANARY);
  });

  it("creates the log group with its retention, the Cloud Map namespace in the VPC and a service per discoverable workload", () => {
    expect(byName("#log-group").inputs).toEqual({ name: "/berth/shop", retentionInDays: 90, tags: tagsOf(g(), "#log-group") });
    expect(byName("#namespace").inputs).toEqual({ name: "shop.internal", description: "DNS names of stack shop (Berth)", vpc: VPC_ID, tags: tagsOf(g(), "#namespace") });
    expect(byName("Shop/db#discovery").inputs).toEqual({
      name: "shop-db",
      dnsConfig: { namespaceId: "#namespace-id", routingPolicy: "MULTIVALUE", dnsRecords: [{ type: "A", ttl: 10 }] },
      healthCheckCustomConfig: { failureThreshold: 1 },
      tags: tagsOf(g(), "Shop/db#discovery"),
    });
  });

  it("creates the internal load balancer, an ip target group in the VPC and a listener forwarding to it", () => {
    expect(byName("#load-balancer").inputs).toEqual({
      name: "shop-berth",
      loadBalancerType: "application",
      internal: true,
      subnets: ["subnet-0a1", "subnet-0b2"],
      securityGroups: ["sg-0shop", "#sg:load-balancer-id"],
      tags: tagsOf(g(), "#load-balancer"),
    });
    expect(byName("Shop/web#target-group:8080").inputs).toEqual({ name: "shop-shop-web-8080", protocol: "HTTP", port: 8080, targetType: "ip", vpcId: VPC_ID, healthCheck: { path: "/healthz" }, tags: tagsOf(g(), "Shop/web#target-group:8080") });
    expect(byName("Shop/web#listener:8080").inputs).toEqual({
      loadBalancerArn: "arn:mock:#load-balancer",
      protocol: "HTTP",
      port: 8080,
      defaultActions: [{ type: "forward", targetGroupArn: "arn:mock:Shop/web#target-group:8080" }],
      tags: tagsOf(g(), "Shop/web#listener:8080"),
    });
  });

  it("makes one security group per Berth network whose members reach each other, admitting the load balancer on published ports only", () => {
    expect(byName("#sg:shop-backend").inputs).toEqual({
      name: "shop-shop-backend",
      description: "network shop-backend of stack shop (Berth)",
      vpcId: VPC_ID,
      ingress: [
        { protocol: "-1", fromPort: 0, toPort: 0, self: true },
        { protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["#sg:load-balancer-id"] },
      ],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
      tags: { "berth.node": "Shop/backend", "berth.stack": "shop" },
    });
    // Internal balancer: its listener port open to the VPC only.
    expect(byName("#sg:load-balancer").inputs).toEqual({
      name: "shop-load-balancer",
      description: "load balancer of stack shop (Berth)",
      vpcId: VPC_ID,
      ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: [VPC_CIDR] }],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
      tags: { "berth.node": "stack:load-balancer", "berth.stack": "shop" },
    });
  });

  it("creates the encrypted EFS file system with a mount target in every subnet, in the groups of the workloads that mount it, and the cluster with Fargate's capacity providers", () => {
    expect(byName("Shop/pgdata").inputs).toEqual({ creationToken: "shop-shop-pgdata", encrypted: true, performanceMode: "generalPurpose", tags: tagsOf(g(), "Shop/pgdata") });
    expect(byName("Shop/pgdata#mount-target:subnet-0b2").inputs).toEqual({ fileSystemId: "Shop/pgdata-id", subnetId: "subnet-0b2", securityGroups: ["sg-0shop", "#sg:shop-backend-id"] });
    expect(byName("#cluster").inputs).toEqual({ name: "shop", tags: { "berth.node": "stack:cluster", "berth.stack": "shop" } });
    expect(byName("#cluster#capacity-providers").inputs).toEqual({ clusterName: "shop", capacityProviders: ["FARGATE", "FARGATE_SPOT"] });
    expect(byName("shop-aws").inputs).toMatchObject({ region: "us-east-1" });
  });

  it("reports the Job and the wait for it as gaps instead of dropping them silently", () => {
    expect(run.gaps.map((x) => `${x.node} ${x.field} ${x.found}`)).toEqual(["Shop/migrate RunTask job shop-shop-migrate", "Shop/web dependsOn Shop/migrate completed"]);
  });
});
