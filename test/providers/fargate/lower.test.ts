import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../sdk/graph/canonical.ts";
import { nodeTag } from "../../../providers/fargate/names.ts";
import { CANARY, DIGEST, nodeOf, shopFargate } from "./fixture-graph.ts";

const WEB_IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web@${DIGEST}`;
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:<account>:secret:shop/secret-dbpassword";
const LOGS = (prefix: string) => ({ logDriver: "awslogs", options: { "awslogs-group": "/berth/shop", "awslogs-region": "us-east-1", "awslogs-stream-prefix": prefix } });

describe("lowering the shop for Fargate", () => {
  it("writes one node per AWS object, sorted by id", () => {
    expect(shopFargate().nodes.map((n) => [n.kind, n.id, n.name])).toEqual([
      ["aws.execution-role", "#execution-role", "shop-execution"],
      ["aws.load-balancer", "#load-balancer", "shop-berth"],
      ["aws.log-group", "#log-group", "/berth/shop"],
      ["aws.cloud-map-namespace", "#namespace", "shop.internal"],
      ["ecs.service", "Shop/db", "shop-db"],
      ["aws.cloud-map-service", "Shop/db#discovery", "shop-db"],
      ["ecs.task-definition", "Shop/db#task-definition", "shop-shop-db"],
      ["ecs.run-task", "Shop/migrate", "shop-shop-migrate"],
      ["ecs.task-definition", "Shop/migrate#task-definition", "shop-shop-migrate"],
      ["aws.efs-file-system", "Shop/pgdata", "shop-shop-pgdata"],
      ["ecs.service", "Shop/web", "shop-web"],
      ["aws.cloud-map-service", "Shop/web#discovery", "shop-web"],
      ["aws.listener", "Shop/web#listener:8080", "8080"],
      ["aws.target-group", "Shop/web#target-group:8080", "shop-shop-web-8080"],
      ["ecs.task-definition", "Shop/web#task-definition", "shop-shop-web"],
      ["aws.secret", "secret/dbPassword", "shop/secret-dbpassword"],
    ]);
  });

  it("is deterministic: the same program gives the same bytes", () => {
    expect(canonicalJson(shopFargate())).toBe(canonicalJson(shopFargate()));
  });

  it("never holds a secret value", () => {
    expect(canonicalJson(shopFargate())).not.toContain(CANARY);
  });

  it("gives the web a task definition of the smallest valid size, a secret-writing init container and a hardened app container", () => {
    const td = nodeOf(shopFargate(), "Shop/web#task-definition", "ecs.task-definition");
    const { tags, containerDefinitions, ...rest } = td.input;
    expect(rest).toEqual({
      family: "shop-shop-web",
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: "256",
      memory: "512",
      executionRoleArn: "arn:aws:iam::<account>:role/shop-execution",
      volumes: [{ name: "secrets" }, { name: "tmpfs-0" }],
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
    });
    expect(tags).toEqual([
      { key: "berth.node", value: "Shop/web" },
      { key: "berth.spec-hash", value: td.hash },
      { key: "berth.stack", value: "shop" },
    ]);
    expect(containerDefinitions).toEqual([
      {
        name: "berth-secrets",
        image: WEB_IMAGE,
        essential: false,
        entryPoint: ["sh", "-c"],
        command: ["umask 0277 && printf '%s' \"$BERTH_SECRET_0\" > '/run/secrets/db_password' && chmod 400 '/run/secrets/db_password' && chown 10001:10001 '/run/secrets/db_password'"],
        environment: [],
        secrets: [{ name: "BERTH_SECRET_0", valueFrom: SECRET_ARN }],
        mountPoints: [{ sourceVolume: "secrets", containerPath: "/run/secrets", readOnly: false }],
        user: "0",
        readonlyRootFilesystem: true,
        linuxParameters: { initProcessEnabled: false, capabilities: { add: [], drop: ["AUDIT_WRITE", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"] } },
        logConfiguration: LOGS("berth-secrets"),
      },
      {
        name: "shop-web",
        image: WEB_IMAGE,
        essential: true,
        cpu: 103,
        memory: 256,
        memoryReservation: 128,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }],
        environment: [
          { name: "DB_HOST", value: "shop-db.shop.internal" },
          { name: "MODE", value: "prod" },
        ],
        mountPoints: [
          { sourceVolume: "secrets", containerPath: "/run/secrets", readOnly: true },
          { sourceVolume: "tmpfs-0", containerPath: "/tmp", readOnly: false },
        ],
        dependsOn: [{ containerName: "berth-secrets", condition: "SUCCESS" }],
        healthCheck: { command: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/healthz || exit 1"], interval: 5, timeout: 5, retries: 3, startPeriod: 0 },
        user: "10001:10001",
        readonlyRootFilesystem: true,
        linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: ["ALL"] } },
        stopTimeout: 15,
        logConfiguration: LOGS("shop-web"),
      },
    ]);
  });

  it("runs the web as a FARGATE service of 3 tasks rolling one at a time with the circuit breaker, in the target's subnets", () => {
    const { tags, ...input } = nodeOf(shopFargate(), "Shop/web", "ecs.service").input;
    expect(tags.map((t) => t.key)).toEqual(["berth.node", "berth.spec-hash", "berth.stack"]);
    expect(input).toEqual({
      cluster: "shop",
      serviceName: "shop-web",
      taskDefinition: "shop-shop-web",
      desiredCount: 3,
      launchType: "FARGATE",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0a1", "subnet-0b2"], securityGroups: ["sg-0shop"], assignPublicIp: "DISABLED" } },
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 134, deploymentCircuitBreaker: { enable: true, rollback: true } },
      serviceRegistries: [{ registryArn: "arn:aws:servicediscovery:us-east-1:<account>:service/<cloud-map:shop-web>" }],
      loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:<account>:targetgroup/shop-shop-web-8080/<tg:shop-shop-web-8080>", containerName: "shop-web", containerPort: 8080 }],
      propagateTags: "SERVICE",
      enableECSManagedTags: true,
    });
  });

  it("sizes the database's task for its limits and mounts its EFS volume with transit encryption", () => {
    const td = nodeOf(shopFargate(), "Shop/db#task-definition", "ecs.task-definition").input;
    expect([td.cpu, td.memory, td.volumes]).toEqual([
      "512",
      "1024",
      [{ name: "secrets" }, { name: "shop-pgdata", efsVolumeConfiguration: { fileSystemId: "<efs:shop-shop-pgdata>", rootDirectory: "/", transitEncryption: "ENABLED" } }, { name: "tmpfs-0" }, { name: "tmpfs-1" }],
    ]);
    expect(nodeOf(shopFargate(), "Shop/pgdata", "aws.efs-file-system").input).toMatchObject({ CreationToken: "shop-shop-pgdata", Encrypted: true, PerformanceMode: "generalPurpose" });
  });

  it("lowers the migration job to a RunTask input with its deadline and retries for the engine", () => {
    const n = nodeOf(shopFargate(), "Shop/migrate", "ecs.run-task");
    const { tags: _t, ...input } = n.input;
    void _t;
    expect([n.deadlineMs, n.retries]).toEqual([300_000, 3]);
    expect(input).toEqual({
      cluster: "shop",
      taskDefinition: "shop-shop-migrate",
      count: 1,
      launchType: "FARGATE",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0a1", "subnet-0b2"], securityGroups: ["sg-0shop"], assignPublicIp: "DISABLED" } },
      startedBy: "berth/shop",
      propagateTags: "TASK_DEFINITION",
      enableECSManagedTags: true,
    });
  });

  it("gives the execution role a policy allowing exactly the stack's log group and its secrets", () => {
    const role = nodeOf(shopFargate(), "#execution-role", "aws.execution-role");
    expect(JSON.parse(role.input.AssumeRolePolicyDocument)).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    expect(JSON.parse(role.input.PolicyDocument)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: ["arn:aws:logs:us-east-1:<account>:log-group:/berth/shop:*"] },
        { Sid: "Secrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [SECRET_ARN] },
      ],
    });
  });

  it("creates the config-sourced secret without a value, the log group with the prod retention, and the Cloud Map namespace", () => {
    const g = shopFargate();
    const secret = nodeOf(g, "secret/dbPassword", "aws.secret");
    expect([secret.from, secret.arn, secret.input.Name]).toEqual([{ kind: "config", key: "dbPassword" }, SECRET_ARN, "shop/secret-dbpassword"]);
    expect(nodeOf(g, "#log-group", "aws.log-group").input).toMatchObject({ logGroupName: "/berth/shop", retentionInDays: 90 });
    expect(nodeOf(g, "#namespace", "aws.cloud-map-namespace").input.Name).toBe("shop.internal");
    expect(nodeOf(g, "Shop/db#discovery", "aws.cloud-map-service").hostname).toBe("shop-db.shop.internal");
  });

  it("tags every object with berth.stack, berth.node (in the characters AWS tag values allow) and its own spec hash", () => {
    for (const n of shopFargate().nodes) {
      const input = n.input as { tags?: unknown; Tags?: { Key: string; Value: string }[] };
      const tags = Array.isArray(input.tags) ? Object.fromEntries((input.tags as { key: string; value: string }[]).map((t) => [t.key, t.value])) : input.Tags ? Object.fromEntries(input.Tags.map((t) => [t.Key, t.Value])) : input.tags;
      expect(tags).toEqual({ "berth.stack": "shop", "berth.node": nodeTag(n.source), "berth.spec-hash": n.hash });
      expect(Object.values(tags as Record<string, string>).every((v) => /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(v))).toBe(true);
    }
  });

  it("names stack-level objects in tags as stack:<object>", () => {
    expect([nodeTag("#execution-role"), nodeTag("Shop/web")]).toEqual(["stack:execution-role", "Shop/web"]);
  });

  it("orders the web after the migration and the migration after a healthy database", () => {
    expect(shopFargate().edges).toEqual([
      { from: "Shop/migrate", to: "Shop/db", condition: "healthy" },
      { from: "Shop/web", to: "Shop/migrate", condition: "completed" },
    ]);
  });
});
