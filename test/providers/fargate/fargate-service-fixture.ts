/**
 * A stack mixing a FargateService with portable constructs: a network, a secret from config and
 * one in Secrets Manager, a `worker` FargateService (an app container with a port, a health
 * check and both secrets as variables, and a log-router sidecar it waits for), and a portable
 * `web` Service that depends on it and reaches it by hostname.
 */
import { Fargate, FargateService, Image, Network, Secret, Service, Size, Stack, StackConfig, synth, type Target } from "../../../sdk/index.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { DIGEST } from "./fixture-graph.ts";

/** The secret's value: never in a target graph or an export. */
export const FS_CANARY = "canary-tcons-fargate-never-in-graphs";
export const FS_SM = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-key-AbCdEf";

/** The Fargate target of the fixture. */
export function fargateTarget(cluster = "tcons"): Fargate {
  return new Fargate({ cluster, region: "eu-west-1", subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-1"] });
}

/** Synthesizes the mixed stack (on Fargate unless `target` says otherwise). */
export function fargateServicePortable(target: Target = fargateTarget(), image = Image.fromRegistry(`busybox:1.36@${DIGEST}`)): Graph {
  const stack = new Stack("mixed", { environment: "dev", target, config: StackConfig.from({ dbPassword: FS_CANARY }) });
  const backend = new Network(stack, "backend");
  const worker = new FargateService(stack, "worker", {
    images: { worker: image, router: image },
    secrets: { "db-password": Secret.fromConfig("dbPassword"), "api-key": Secret.fromSecretsManager(FS_SM) },
    networks: [backend],
    task: {
      cpu: "512",
      memory: "1024",
      runtimePlatform: { cpuArchitecture: "ARM64" },
      ephemeralStorage: { sizeInGiB: 30 },
      containerDefinitions: [
        {
          name: "worker",
          command: ["httpd", "-f", "-p", "8080"],
          portMappings: [{ containerPort: 8080, name: "http", appProtocol: "http" }],
          environment: [{ name: "MODE", value: "queue" }],
          secrets: [{ name: "DB_PASSWORD", valueFrom: "db-password" }, { name: "API_KEY", valueFrom: "api-key" }],
          healthCheck: { command: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"], interval: 10 },
          cpu: 384,
          memory: 768,
          memoryReservation: 512,
          user: "10001:10001",
          readonlyRootFilesystem: true,
          linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
          dependsOn: [{ containerName: "router", condition: "START" }],
          stopTimeout: 30,
          ulimits: [{ name: "nofile", softLimit: 4096, hardLimit: 8192 }],
        },
        { name: "router", essential: false, command: ["sleep", "3600"], cpu: 128, memory: 256, user: "10001", readonlyRootFilesystem: true },
      ],
    },
    service: { desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 }, enableExecuteCommand: false, healthCheckGracePeriodSeconds: 20 },
  });
  new Service(stack, "web", {
    image,
    env: { WORKER_URL: worker.hostname },
    networks: [backend],
    dependsOn: [worker],
    resources: { cpu: 0.25, memory: Size.mebibytes(512) },
    user: "10001:10001",
  });
  return synth(stack);
}
