/**
 * A FargateService lowered by the Fargate provider into the same task definition, service and
 * Cloud Map nodes a portable Service lowers to (its fields as written, Berth's images, secret
 * ARNs, logs, execution role, network and tags added), exported by `--format ecs`, validated
 * against the official ECS API model, and registered with moto's ECS endpoint.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeregisterTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import { fargateProvider } from "../../../providers/fargate/provider.ts";
import { awsClientConfig, ecsModel, requireAws, validateShape } from "../../support/aws.ts";
import { REPO_ROOT, berthSync } from "../../support/kubernetes.ts";
import { DIGEST, nodeOf } from "./fixture-graph.ts";
import { FS_CANARY, FS_SM, fargateServicePortable } from "./fargate-service-fixture.ts";

const IMAGE = `docker.io/library/busybox@${DIGEST}`;
const OWN_SECRET = "arn:aws:secretsmanager:eu-west-1:<account>:secret:mixed/secret-dbpassword";

describe("FargateService lowering", () => {
  const g = lowerFargate(fargateServicePortable());

  it("lowers to a task definition, a service and a Cloud Map service, the node kinds a portable Service lowers to", () => {
    expect(g.nodes.filter((n) => n.source === "worker").map((n) => `${n.kind} ${n.id} ${n.name}`)).toEqual([
      "ecs.service worker worker",
      "aws.cloud-map-service worker#discovery worker",
      "ecs.task-definition worker#task-definition mixed-worker",
    ]);
    expect(g.edges).toEqual([{ from: "web", to: "worker", condition: "started" }]);
    expect(JSON.stringify(g)).not.toContain(FS_CANARY);
  });

  it("keeps the task fields as written and adds the family, execution role, pinned images, secret ARNs, awslogs and ownership tags", () => {
    const td = nodeOf(g, "worker#task-definition", "ecs.task-definition").input;
    expect([td.family, td.cpu, td.memory, td.executionRoleArn, td.ephemeralStorage, td.runtimePlatform]).toEqual([
      "mixed-worker", "512", "1024", "arn:aws:iam::<account>:role/mixed-execution", { sizeInGiB: 30 }, { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
    ]);
    const [worker, router] = td.containerDefinitions;
    expect(worker).toMatchObject({
      name: "worker",
      image: IMAGE,
      essential: true,
      command: ["httpd", "-f", "-p", "8080"],
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp", name: "http", appProtocol: "http" }],
      environment: [{ name: "MODE", value: "queue" }],
      secrets: [{ name: "API_KEY", valueFrom: FS_SM }, { name: "DB_PASSWORD", valueFrom: OWN_SECRET }],
      dependsOn: [{ containerName: "router", condition: "START" }],
      healthCheck: { command: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"], interval: 10, timeout: 5, retries: 3, startPeriod: 0 },
      user: "10001:10001",
      readonlyRootFilesystem: true,
      linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: ["ALL"] } },
      ulimits: [{ name: "nofile", softLimit: 4096, hardLimit: 8192 }],
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/berth/mixed", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "worker" } },
    });
    expect([router!.name, router!.essential, router!.image]).toEqual(["router", false, IMAGE]);
    expect(td.tags.map((t) => t.key)).toEqual(["berth.node", "berth.spec-hash", "berth.stack"]);
    const role = nodeOf(g, "#execution-role", "aws.execution-role").input.PolicyDocument;
    expect([role.includes(FS_SM), role.includes("secret:mixed/secret-dbpassword")]).toEqual([true, true]);
  });

  it("keeps the service fields as written, in the target's cluster and network, registered in Cloud Map, with the circuit breaker on", () => {
    const svc = nodeOf(g, "worker", "ecs.service").input;
    expect(svc).toMatchObject({
      cluster: "tcons",
      serviceName: "worker",
      taskDefinition: "mixed-worker",
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-1"], assignPublicIp: "DISABLED" } },
      deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } },
      serviceRegistries: [{ registryArn: nodeOf(g, "worker#discovery", "aws.cloud-map-service").arn }],
      healthCheckGracePeriodSeconds: 20,
      enableExecuteCommand: false,
    });
    const web = nodeOf(g, "web#task-definition", "ecs.task-definition").input.containerDefinitions.find((c) => c.essential)!;
    expect(web.environment).toContainEqual({ name: "WORKER_URL", value: "worker.mixed.internal" });
  });

  it("sizes the task to the smallest Fargate size holding its containers when the task names no size", () => {
    const g2 = fargateServicePortable();
    const worker = g2.nodes.find((n) => n.id === "worker")!;
    if (worker.spec.kind !== "fargate-service") throw new Error("not a fargate-service");
    delete worker.spec.task.cpu;
    delete worker.spec.task.memory;
    const td = nodeOf(lowerFargate(g2), "worker#task-definition", "ecs.task-definition").input;
    // 384 + 128 cpu units, 768 + 256 MiB.
    expect([td.cpu, td.memory]).toEqual(["512", "1024"]);
  });
});

/** The exported files of the mixed stack, parsed, by name. */
function files(): [string, Record<string, unknown>][] {
  const r = fargateProvider.exports[0]!.render({ graph: fargateServicePortable(), dir: REPO_ROOT, config: () => undefined });
  return Object.entries(r.files).map(([name, text]) => [name, JSON.parse(text) as Record<string, unknown>]);
}

describe("FargateService export", () => {
  it("is exported by --format ecs as its own task definition and service files, listed before the workload that depends on it", () => {
    const r = fargateProvider.exports[0]!.render({ graph: fargateServicePortable(), dir: REPO_ROOT, config: () => undefined });
    expect(Object.keys(r.files)).toEqual(["worker.task-definition.json", "worker.service.json", "web.task-definition.json", "web.service.json"]);
    expect((JSON.parse(r.main.text) as { workloads: { node: string }[] }).workloads.map((w) => w.node)).toEqual(["worker", "web"]);
    expect(r.main.text + Object.values(r.files).join("")).not.toContain(FS_CANARY);
  });

  it("validates its task definition and service against the official ECS API model", () => {
    const model = ecsModel();
    const [td, svc] = [files().find(([n]) => n === "worker.task-definition.json")![1], files().find(([n]) => n === "worker.service.json")![1]];
    expect([...validateShape(model, "RegisterTaskDefinitionRequest", td), ...validateShape(model, "CreateServiceRequest", svc)]).toEqual([]);
  });

  it("registers its exported task definition with the local ECS endpoint, which echoes every container back", async () => {
    requireAws();
    const ecs = new ECSClient(awsClientConfig("us-east-1"));
    try {
      const doc = files().find(([n]) => n === "worker.task-definition.json")![1];
      const out = await ecs.send(new RegisterTaskDefinitionCommand({ ...(doc as object), family: "tcons-worker" } as never));
      const td = out.taskDefinition!;
      expect([td.family, td.status, td.networkMode, td.cpu, td.memory, td.ephemeralStorage, td.runtimePlatform]).toEqual([
        "tcons-worker", "ACTIVE", "awsvpc", "512", "1024", { sizeInGiB: 30 }, { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
      ]);
      expect(td.containerDefinitions).toEqual((doc.containerDefinitions as object[]).map((c) => expect.objectContaining(c)));
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: td.taskDefinitionArn! }));
    } finally {
      ecs.destroy();
    }
  });
});

describe("FargateService on another target", () => {
  it("fails `berth check` with exit 3, naming the construct, before anything runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-tcons-check-"));
    try {
      writeFileSync(
        join(dir, "index.ts"),
        [
          `import { FargateService, Image, Kubernetes, Stack } from ${JSON.stringify(join(REPO_ROOT, "sdk/index.ts"))};`,
          `const stack = new Stack("tcons", { environment: "dev", target: new Kubernetes({ namespace: "tcons" }) });`,
          `new FargateService(stack, "worker", { images: { worker: Image.fromRegistry("busybox:1.36@${DIGEST}") }, task: { containerDefinitions: [{ name: "worker" }] } });`,
          `export default stack;`,
        ].join("\n"),
      );
      const r = berthSync(["check", dir]);
      expect(r.code).toBe(3);
      expect(r.stdout + r.stderr).toContain("FargateService 'worker' is a fargate-service, and target.fargate-service is unsupported on kubernetes");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
