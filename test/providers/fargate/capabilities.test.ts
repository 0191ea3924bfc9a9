/**
 * Every claim of the ECS/Fargate column of the capability table (providers/fargate/capabilities.ts)
 * is what the lowering does: one check per feature, in a table typed by `Feature`, so a feature
 * added to the table without a check here does not compile. Unsupported and degraded rows are
 * checked too: what they say is dropped is absent from the inputs, what they say is refused
 * fails lowering.
 */
import { describe, expect, it } from "vitest";
import { FEATURES, type Feature } from "../../../sdk/core/features.ts";
import { canonicalJson } from "../../../sdk/graph/canonical.ts";
import { Config, Container, Duration, Fargate, Image, Job, Network, Secret, Service, Size, Stack, StackConfig, FargateService, KubernetesDeployment, SwarmService, Volume, synth, type ServiceProps } from "../../../sdk/index.ts";
import { fargateCapabilities } from "../../../providers/fargate/capabilities.ts";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import type { ContainerDefinition, RegisterTaskDefinitionInput } from "../../../providers/fargate/api.ts";
import type { FargateGraph } from "../../../providers/fargate/target.ts";
import { catchBerthError } from "../../support/berth-error.ts";
import { DIGEST, nodeOf } from "./fixture-graph.ts";

const IMAGE = Image.fromRegistry(`busybox:1@${DIGEST}`);
const SM = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";

function stackOf(registry?: string): Stack {
  return new Stack("cap", { environment: "dev", target: new Fargate({ cluster: "c", region: "eu-west-1", subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-1"], ...(registry ? { registry } : {}) }), config: StackConfig.from({ key: "v", motd: "hi" }) });
}

/** A stack on Fargate with one Service `app` (more constructs through `more`). */
function lowered(props: Partial<ServiceProps> = {}, more?: (stack: Stack) => void, registry?: string): FargateGraph {
  const stack = stackOf(registry);
  new Service(stack, "app", { image: IMAGE, ...props });
  more?.(stack);
  return lowerFargate(synth(stack));
}

function task(g: FargateGraph, id = "app"): RegisterTaskDefinitionInput {
  return nodeOf(g, `${id}#task-definition`, "ecs.task-definition").input;
}
const main = (g: FargateGraph, id = "app"): ContainerDefinition => task(g, id).containerDefinitions.find((c) => c.essential)!;

/** One check per feature: what the Fargate row says is what lowering does. */
const CLAIMS: Record<Feature, () => void> = {
  "image.registry": () => expect(main(lowered()).image).toBe(`docker.io/library/busybox@${DIGEST}`),
  "image.build": () => {
    const g = lowered({ image: Image.fromBuild({ context: "." }) }, undefined, "123456789012.dkr.ecr.eu-west-1.amazonaws.com");
    const img = g.images[0]!;
    expect([img.action.kind, img.action.kind === "build" && img.action.push, img.ref.startsWith("123456789012.dkr.ecr.eu-west-1.amazonaws.com/cap/")]).toEqual(["build", true, true]);
    expect(main(g).image).toBe(img.ref);
  },
  service: () => {
    const g = lowered({ replicas: 2 });
    expect([nodeOf(g, "app", "ecs.service").input.launchType, nodeOf(g, "app", "ecs.service").input.deploymentConfiguration.deploymentCircuitBreaker, task(g).requiresCompatibilities]).toEqual(["FARGATE", { enable: true, rollback: true }, ["FARGATE"]]);
  },
  container: () => {
    const s = nodeOf(lowered({}, (st) => new Container(st, "one", { image: IMAGE })), "one", "ecs.service");
    expect([s.role, s.input.desiredCount]).toEqual(["container", 1]);
  },
  job: () => {
    const n = nodeOf(lowered({}, (s) => new Job(s, "once", { image: IMAGE, deadline: Duration.minutes(2), retries: 4 })), "once", "ecs.run-task");
    expect([n.input.launchType, n.input.count, n.deadlineMs, n.retries]).toEqual(["FARGATE", 1, 120_000, 4]);
  },
  network: () => {
    const g = lowered({ ports: [80] }, (s) => new Service(s, "peer", { image: IMAGE, networks: [new Network(s, "net")], env: { APP: "x" } }));
    expect([nodeOf(g, "#namespace", "aws.cloud-map-namespace").input.Name, nodeOf(g, "app#discovery", "aws.cloud-map-service").hostname]).toEqual(["cap.internal", "app.cap.internal"]);
    expect(nodeOf(g, "peer", "ecs.service").input.networkConfiguration.awsvpcConfiguration.securityGroups).toEqual(["sg-1"]);
    expect(g.nodes.some((n) => n.source === "net")).toBe(false);
  },
  "network.internal": () => {
    const g = lowered({ networks: [] }, (s) => new Service(s, "peer", { image: IMAGE, networks: [new Network(s, "net", { internal: true })] }));
    expect(nodeOf(g, "peer", "ecs.service").input.networkConfiguration.awsvpcConfiguration.assignPublicIp).toBe("DISABLED");
  },
  volume: () => {
    const g = lowered({}, (s) => new Service(s, "db", { image: IMAGE, volumes: [{ volume: new Volume(s, "data"), path: "/data" }] }));
    expect(nodeOf(g, "data", "aws.efs-file-system").input.Encrypted).toBe(true);
    expect(task(g, "db").volumes).toEqual([{ name: "data", efsVolumeConfiguration: { fileSystemId: "<efs:cap-data>", rootDirectory: "/", transitEncryption: "ENABLED" } }]);
  },
  "volume.shared": () => {
    const g = lowered({}, (s) => new Service(s, "db", { image: IMAGE, volumes: [{ volume: new Volume(s, "data", { shared: true }), path: "/data" }] }));
    expect(main(g, "db").mountPoints).toEqual([{ sourceVolume: "data", containerPath: "/data", readOnly: false }]);
  },
  secret: () => {
    const t = task(lowered({ secrets: { key: Secret.fromConfig("key") }, user: "1000:1000" }));
    const [init, app] = t.containerDefinitions;
    expect([init!.essential, init!.secrets, init!.mountPoints]).toEqual([false, [{ name: "BERTH_SECRET_0", valueFrom: "arn:aws:secretsmanager:eu-west-1:<account>:secret:cap/secret-key" }], [{ sourceVolume: "secrets", containerPath: "/run/secrets", readOnly: false }]]);
    expect(init!.command![0]).toContain("chmod 400 '/run/secrets/key' && chown 1000:1000 '/run/secrets/key'");
    expect([app!.secrets, app!.environment, app!.dependsOn, app!.mountPoints]).toEqual([undefined, [], [{ containerName: "berth-secrets", condition: "SUCCESS" }], [{ sourceVolume: "secrets", containerPath: "/run/secrets", readOnly: true }]]);
  },
  "secret.aws": () => {
    const g = lowered({ secrets: { key: Secret.fromSecretsManager(SM, "password") } });
    expect(task(g).containerDefinitions[0]!.secrets).toEqual([{ name: "BERTH_SECRET_0", valueFrom: `${SM}:password::` }]);
    expect(JSON.parse(nodeOf(g, "#execution-role", "aws.execution-role").input.PolicyDocument).Statement[1].Resource).toEqual([SM]);
  },
  "secret.kubernetes": () => expect(catchBerthError(() => lowered({ secrets: { tls: Secret.fromKubernetesSecret("site-tls", "tls.key") } })).code).toBe("fargate.secret-source"),
  config: () => {
    const c = main(lowered({ configs: { "/etc/motd": Config.fromConfig("motd") } }));
    expect([c.environment, c.mountPoints]).toEqual([[{ name: "BERTH_CONFIG_ETC_MOTD", value: "hi" }], []]);
  },
  "ports.published": () => {
    const g = lowered({ ports: [{ container: 80, published: 8080 }] });
    expect(main(g).portMappings).toEqual([{ containerPort: 80, hostPort: 80, protocol: "tcp" }]);
    const balancer = g.nodes.find((n) => n.kind === "aws.load-balancer");
    const group = g.nodes.find((n) => n.kind === "aws.target-group");
    const listener = g.nodes.find((n) => n.kind === "aws.listener");
    expect([balancer?.kind === "aws.load-balancer" && balancer.input.Scheme, group?.kind === "aws.target-group" && [group.input.Port, group.input.TargetType]]).toEqual(["internal", [80, "ip"]]);
    expect(listener?.kind === "aws.listener" && [listener.input.Port, listener.input.DefaultActions[0]!.TargetGroupArn]).toEqual([8080, group?.kind === "aws.target-group" && group.arn]);
    const service = nodeOf(g, "app", "ecs.service").input;
    expect(service.loadBalancers).toEqual([{ targetGroupArn: group?.kind === "aws.target-group" && group.arn, containerName: "app", containerPort: 80 }]);
  },
  "ports.hostIp": () => expect(canonicalJson(lowered({ ports: [{ container: 80, published: 8080, hostIp: "10.1.2.3" }] }))).not.toContain("10.1.2.3"),
  healthcheck: () => expect(main(lowered({ healthcheck: { command: ["check"], interval: Duration.seconds(7) } })).healthCheck).toEqual({ command: ["CMD", "check"], interval: 7, timeout: 5, retries: 3, startPeriod: 0 }),
  "healthcheck.http": () => expect(main(lowered({ healthcheck: { http: { port: 80, path: "/up" } } })).healthCheck!.command).toEqual(["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:80/up || exit 1"]),
  "dependsOn.started": () => expect(dependsOn("started")).toEqual([{ from: "app", to: "dep", condition: "started" }]),
  "dependsOn.healthy": () => expect(dependsOn("healthy")).toEqual([{ from: "app", to: "dep", condition: "healthy" }]),
  "dependsOn.completed": () => expect(dependsOn("completed")).toEqual([{ from: "app", to: "dep", condition: "completed" }]),
  "resources.limits": () => {
    const g = lowered({ resources: { cpu: 1.5, memory: Size.mebibytes(300) } });
    expect([task(g).cpu, task(g).memory, main(g).cpu, main(g).memory]).toEqual(["2048", "4096", 1536, 300]);
  },
  "resources.reservations": () => {
    const c = main(lowered({ resources: { cpuReservation: 0.25, memoryReservation: Size.gibibytes(1) } }));
    expect([c.cpu, c.memoryReservation]).toEqual([256, 1024]);
  },
  "resources.pids": () => expect(canonicalJson(task(lowered({ resources: { pids: 777 } })))).not.toContain("777"),
  logging: () => {
    const g = lowered({ logging: { maxSize: Size.mebibytes(7), maxFiles: 9 } });
    expect(main(g).logConfiguration).toEqual({ logDriver: "awslogs", options: { "awslogs-group": "/berth/cap", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app" } });
    expect(nodeOf(g, "#log-group", "aws.log-group").input.retentionInDays).toBe(14);
    expect(canonicalJson(g)).not.toMatch(/7m|max-file/);
  },
  "logging.driver": () => {
    const g = lowered({ logging: { driver: "syslog" } });
    expect([main(g).logConfiguration.logDriver, canonicalJson(g).includes("syslog")]).toEqual(["awslogs", false]);
  },
  "hardening.user": () => expect(main(lowered({ user: "1234:5678" })).user).toBe("1234:5678"),
  "hardening.userName": () => expect(main(lowered({ user: "postgres" })).user).toBe("postgres"),
  "hardening.readOnlyRootFilesystem": () => expect(main(lowered({ readOnlyRootFilesystem: true })).readonlyRootFilesystem).toBe(true),
  "hardening.capabilities": () => expect(main(lowered({ capabilities: { drop: ["NET_RAW"] } })).linuxParameters.capabilities.drop).toEqual(["NET_RAW"]),
  "hardening.capabilities.add": () => expect(main(lowered({ capabilities: { add: ["SYS_PTRACE", "NET_ADMIN"] } })).linuxParameters.capabilities.add).toEqual(["SYS_PTRACE"]),
  "hardening.noNewPrivileges": () => expect(canonicalJson(lowered({ noNewPrivileges: true }))).not.toMatch(/dockerSecurityOptions|no-new-privileges/),
  "hardening.init": () => expect(main(lowered({ init: true })).linuxParameters.initProcessEnabled).toBe(true),
  "hardening.seccomp": () => expect(canonicalJson(lowered({ seccompProfile: "profiles/app.json" }))).not.toContain("profiles/app.json"),
  privileged: () => expect(canonicalJson(task(lowered({ privileged: true })))).not.toContain("privileged"),
  hostNetwork: () => expect(task(lowered({ hostNetwork: true })).networkMode).toBe("awsvpc"),
  hostPidIpc: () => expect(canonicalJson(task(lowered({ hostPid: true, hostIpc: true })))).not.toMatch(/pidMode|ipcMode/),
  devices: () => expect(canonicalJson(lowered({ devices: ["/dev/fuse"] }))).not.toContain("/dev/fuse"),
  binds: () => expect(canonicalJson(lowered({ volumes: [{ hostPath: "/srv/data", path: "/data" }] }))).not.toContain("/srv/data"),
  tmpfs: () => {
    const g = lowered({ tmpfs: [{ path: "/tmp", size: Size.mebibytes(4) }] });
    expect([task(g).volumes, main(g).mountPoints]).toEqual([[{ name: "tmpfs-0" }], [{ sourceVolume: "tmpfs-0", containerPath: "/tmp", readOnly: false }]]);
  },
  update: () => {
    expect(nodeOf(lowered({ replicas: 4, update: { parallelism: 1, order: "stop-first" } }), "app", "ecs.service").input.deploymentConfiguration).toEqual({ minimumHealthyPercent: 75, maximumPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: true } });
    expect(nodeOf(lowered({ replicas: 4, update: { parallelism: 2, order: "start-first", failureAction: "pause" } }), "app", "ecs.service").input.deploymentConfiguration).toEqual({ minimumHealthyPercent: 100, maximumPercent: 150, deploymentCircuitBreaker: { enable: true, rollback: true } });
  },
  stopGracePeriod: () => {
    expect(main(lowered({ stopGracePeriod: Duration.seconds(42) })).stopTimeout).toBe(42);
    expect(main(lowered({ stopGracePeriod: Duration.minutes(5) })).stopTimeout).toBe(120);
  },
  "target.swarm-service": () => {
    const stack = stackOf();
    new SwarmService(stack, "agent", { image: IMAGE, spec: { Mode: { Global: {} } } });
    expect(catchBerthError(() => lowerFargate(synth(stack))).code).toBe("fargate.swarm-service");
  },
  "target.kubernetes-deployment": () => {
    const stack = stackOf();
    new KubernetesDeployment(stack, "api", { images: { api: IMAGE }, spec: { template: { spec: { containers: [{ name: "api" }] } } } });
    expect(catchBerthError(() => lowerFargate(synth(stack))).code).toBe("portability.target.kubernetes-deployment");
  },
  "target.fargate-service": () => {
    const stack = stackOf();
    new FargateService(stack, "worker", { images: { worker: IMAGE }, task: { containerDefinitions: [{ name: "worker" }] } });
    const g = lowerFargate(synth(stack));
    expect([nodeOf(g, "worker", "ecs.service").input.serviceName, task(g, "worker").containerDefinitions[0]!.image]).toEqual(["worker", `docker.io/library/busybox@${DIGEST}`]);
  },
};

/** The ordering edges of `app` depending on `dep` with a condition. */
function dependsOn(condition: "started" | "healthy" | "completed") {
  const stack = stackOf();
  const dep = condition === "completed" ? new Job(stack, "dep", { image: IMAGE }) : new Service(stack, "dep", { image: IMAGE, healthcheck: { command: ["true"] } });
  new Service(stack, "app", { image: IMAGE, dependsOn: [{ on: dep, condition }] });
  return lowerFargate(synth(stack)).edges;
}

describe("the ECS/Fargate column of the capability table", () => {
  it("has a check for every feature", () => {
    expect(Object.keys(CLAIMS).sort()).toEqual([...FEATURES].sort());
  });

  for (const feature of FEATURES) {
    const row = fargateCapabilities[feature];
    it(`${feature} is ${row.support} as the table says: ${row.note}`, () => CLAIMS[feature]());
  }

  it("resolves Berth's secure defaults of a plain program to their Fargate equivalents and emits none Fargate refuses", () => {
    const g = lowered({ replicas: 2 });
    const c = main(g);
    expect([c.readonlyRootFilesystem, c.linuxParameters, "dockerSecurityOptions" in c]).toEqual([true, { initProcessEnabled: true, capabilities: { add: [], drop: ["ALL"] } }, false]);
  });
});
