/**
 * Lowering a `FargateService` (a target-level construct carrying ECS task definition and service
 * fields) into the same target nodes a portable Service lowers to: an `ecs.task-definition`
 * (family `<stack>-<name>`) and an `ecs.service` (role `service`), plus its Cloud Map service
 * when a container maps a port. So the export, Berth's engine and the Pulumi realizer carry it
 * without a case of their own.
 *
 * The user's fields are written as given; Berth adds what it decides for every task: each
 * container's image (from berth.lock), the ARN of each secret a container names, awslogs in the
 * stack's log group, the execution role, awsvpc in the target's subnets and security groups,
 * the circuit breaker with rollback, and ownership tags. Where the ECS API has a default the
 * lowered input shape spells out (essential, a writable root, no init, no capability change,
 * health check timing, the host port of awsvpc), it is written out, so the input reads the same
 * as a portable workload's. The task size, when not given, is the smallest Fargate size that
 * holds the containers' cpu and memory.
 */
import { BerthError } from "../../sdk/core/errors.ts";
import type { FargateServiceGraphNode } from "../../sdk/graph/schema.ts";
import type { ContainerDefinition } from "./api.ts";
import { discoveryService } from "./stack-objects.ts";
import { smallestFargateSize, type TaskSize } from "./sizing.ts";
import type { StackNames } from "./names.ts";
import type { FargateNode } from "./target.ts";

type Unsealed = FargateNode extends infer N ? (N extends FargateNode ? Omit<N, "hash"> : never) : never;

/** What lowering a FargateService needs from the rest of the lowering. */
export interface FargateServiceContext {
  readonly s: StackNames;
  readonly cluster: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  /** Image references by image node id. */
  readonly images: ReadonlyMap<string, string>;
  /** `valueFrom` ARNs by secret node id. */
  readonly secrets: ReadonlyMap<string, string>;
  readonly logGroup: string;
  readonly executionRoleArn: string;
  readonly add: (node: Unsealed) => void;
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** True when the FargateService answers on a port (it gets a Cloud Map name, like a portable Service with ports). */
export function isDiscoverable(n: FargateServiceGraphNode): boolean {
  return n.spec.task.containerDefinitions.some((c) => (c.portMappings ?? []).length > 0);
}

/** The task size: the one given, else the smallest Fargate size holding the containers' cpu and memory. */
function size(n: FargateServiceGraphNode): TaskSize {
  const t = n.spec.task;
  const need: TaskSize = {
    cpu: Math.max(256, t.containerDefinitions.reduce((a, c) => a + (c.cpu ?? 0), 0)),
    memoryMiB: Math.max(512, t.containerDefinitions.reduce((a, c) => a + (c.memory ?? c.memoryReservation ?? 0), 0)),
  };
  if (t.cpu !== undefined && t.memory !== undefined) return { cpu: Number(t.cpu), memoryMiB: Number(t.memory) };
  const fitted = smallestFargateSize({ cpu: t.cpu !== undefined ? Number(t.cpu) : need.cpu, memoryMiB: t.memory !== undefined ? Number(t.memory) : need.memoryMiB });
  if (!fitted) {
    throw new BerthError({
      code: "fargate.size",
      path: n.path,
      field: "task",
      found: `${need.cpu} cpu units, ${need.memoryMiB} MiB`,
      message: `${n.id} needs more than the largest Fargate task (16 vCPU, 120 GiB), or a size Fargate does not offer.`,
      fix: "set task.cpu and task.memory to a valid Fargate pair, or lower the containers' cpu / memory",
    });
  }
  return { cpu: t.cpu !== undefined ? Number(t.cpu) : fitted.cpu, memoryMiB: t.memory !== undefined ? Number(t.memory) : fitted.memoryMiB };
}

/** Lowers one FargateService node to its task definition, service and Cloud Map service. */
export function lowerFargateService(n: FargateServiceGraphNode, c: FargateServiceContext): void {
  const spec = n.spec;
  const base = { source: n.id, path: n.path };
  const imageOf = new Map(spec.images.map((i) => [i.container, c.images.get(i.image)!]));
  const secretOf = new Map(spec.secrets.map((s) => [s.name, c.secrets.get(s.secret)!]));
  const containers = spec.task.containerDefinitions.map((d): ContainerDefinition => {
    const h = d.healthCheck;
    return {
      name: d.name,
      image: imageOf.get(d.name)!,
      essential: d.essential ?? true,
      ...(d.entryPoint ? { entryPoint: [...d.entryPoint] } : {}),
      ...(d.command ? { command: [...d.command] } : {}),
      ...(d.workingDirectory ? { workingDirectory: d.workingDirectory } : {}),
      ...(d.cpu !== undefined ? { cpu: d.cpu } : {}),
      ...(d.memory !== undefined ? { memory: d.memory } : {}),
      ...(d.memoryReservation !== undefined ? { memoryReservation: d.memoryReservation } : {}),
      // awsvpc: the task has its own address, so the host port is the container port.
      ...(d.portMappings ? { portMappings: d.portMappings.map((p) => ({ containerPort: p.containerPort, hostPort: p.containerPort, protocol: p.protocol ?? "tcp", ...(p.name ? { name: p.name } : {}), ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) })) } : {}),
      environment: [...(d.environment ?? [])].sort(byName),
      ...(d.secrets ? { secrets: d.secrets.map((s) => ({ name: s.name, valueFrom: secretOf.get(s.valueFrom)! })).sort(byName) } : {}),
      mountPoints: [],
      ...(d.dependsOn ? { dependsOn: d.dependsOn.map((x) => ({ ...x })) } : {}),
      ...(h ? { healthCheck: { command: [...h.command], interval: h.interval ?? 30, timeout: h.timeout ?? 5, retries: h.retries ?? 3, startPeriod: h.startPeriod ?? 0 } } : {}),
      ...(d.user ? { user: d.user } : {}),
      readonlyRootFilesystem: d.readonlyRootFilesystem ?? false,
      linuxParameters: {
        initProcessEnabled: d.linuxParameters?.initProcessEnabled ?? false,
        capabilities: { add: [...(d.linuxParameters?.capabilities?.add ?? [])], drop: [...(d.linuxParameters?.capabilities?.drop ?? [])] },
      },
      ...(d.stopTimeout !== undefined ? { stopTimeout: d.stopTimeout } : {}),
      ...(d.startTimeout !== undefined ? { startTimeout: d.startTimeout } : {}),
      ...(d.ulimits ? { ulimits: d.ulimits.map((u) => ({ ...u })) } : {}),
      ...(d.dockerLabels ? { dockerLabels: { ...d.dockerLabels } } : {}),
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": c.logGroup, "awslogs-region": c.s.region, "awslogs-stream-prefix": d.name } },
    };
  });
  const t = size(n);
  const family = `${c.s.stack}-${n.name}`;
  c.add({
    kind: "ecs.task-definition",
    id: `${n.id}#task-definition`,
    ...base,
    name: family,
    input: {
      family,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: String(t.cpu),
      memory: String(t.memoryMiB),
      executionRoleArn: c.executionRoleArn,
      ...(spec.task.taskRoleArn ? { taskRoleArn: spec.task.taskRoleArn } : {}),
      ...(spec.task.ephemeralStorage ? { ephemeralStorage: { ...spec.task.ephemeralStorage } } : {}),
      containerDefinitions: containers,
      volumes: [],
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: spec.task.runtimePlatform?.cpuArchitecture ?? "X86_64" },
      tags: [],
    },
  });
  let registry: string | undefined;
  if (isDiscoverable(n)) {
    const discovery = discoveryService(c.s, n);
    c.add(discovery);
    registry = discovery.arn;
  }
  const svc = spec.service;
  const desired = svc.desiredCount ?? 1;
  c.add({
    kind: "ecs.service",
    id: n.id,
    ...base,
    name: n.name,
    role: "service",
    input: {
      cluster: c.cluster,
      serviceName: n.name,
      taskDefinition: family,
      desiredCount: desired,
      launchType: "FARGATE",
      networkConfiguration: { awsvpcConfiguration: { subnets: [...c.subnets], securityGroups: [...c.securityGroups], assignPublicIp: svc.assignPublicIp ?? "DISABLED" } },
      deploymentConfiguration: {
        minimumHealthyPercent: svc.deploymentConfiguration?.minimumHealthyPercent ?? 100,
        maximumPercent: svc.deploymentConfiguration?.maximumPercent ?? 200,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
      ...(registry ? { serviceRegistries: [{ registryArn: registry }] } : {}),
      ...(svc.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds } : {}),
      ...(svc.platformVersion ? { platformVersion: svc.platformVersion } : {}),
      ...(svc.enableExecuteCommand !== undefined ? { enableExecuteCommand: svc.enableExecuteCommand } : {}),
      propagateTags: "SERVICE",
      enableECSManagedTags: true,
      tags: [],
    },
  });
}
