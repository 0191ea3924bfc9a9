/**
 * The policy's view of a `FargateService`: its task definition and service presented as the
 * workload fields rules read (image, user, read-only root, capabilities, init, resources,
 * health check, ports, secrets, replicas, logs), so every workload rule that runs on Fargate
 * covers it without knowing the ECS API. The first essential container is the one read (the
 * app; sidecars beside it). Fields left out read as ECS's defaults (a writable root, the image's
 * user, no health check); the task size is the CPU and memory limit, as for portable workloads.
 */
import type { FargateServiceGraphNode, WorkloadGraphNode, WorkloadNode } from "../graph/schema.ts";

const MIB = 1024 * 1024;
const views = new WeakMap<FargateServiceGraphNode, WorkloadGraphNode>();

/** The node as the workload rules read it (the same node id, path and construct). Cached per node. */
export function fargateServiceAsWorkload(node: FargateServiceGraphNode): WorkloadGraphNode {
  let view = views.get(node);
  if (view === undefined) {
    view = { ...node, spec: workloadFields(node) };
    views.set(node, view);
  }
  return view;
}

function workloadFields(node: FargateServiceGraphNode): WorkloadNode {
  const n = node.spec;
  const t = n.task;
  const c = t.containerDefinitions.find((d) => d.essential !== false)!;
  const h = c.healthCheck;
  const cpuUnits = t.cpu !== undefined ? Number(t.cpu) : c.cpu;
  const memoryMiB = c.memory ?? (t.memory !== undefined ? Number(t.memory) : undefined);
  const secretIds = new Map(n.secrets.map((s) => [s.name, s.secret]));
  const env: WorkloadNode["env"] = {};
  for (const e of c.environment ?? []) env[e.name] = { kind: "literal", value: e.value };
  return {
    kind: "service",
    // A FargateService is the user's own, but for no-new-privileges, which no ECS field can set on
    // Fargate: it reads as Berth's default there, as for a portable workload (the capability
    // table says what Fargate makes of it), rather than a finding no program could fix.
    defaults: ["noNewPrivileges"],
    image: n.images.find((i) => i.container === c.name)!.image,
    ...(c.entryPoint ? { entrypoint: [...c.entryPoint] } : {}),
    ...(c.command ? { command: [...c.command] } : {}),
    ...(c.workingDirectory ? { workingDir: c.workingDirectory } : {}),
    env,
    secrets: (c.secrets ?? []).map((s) => ({ secret: secretIds.get(s.valueFrom)!, target: s.name, mode: 0o400 })),
    configs: [],
    ports: (c.portMappings ?? []).map((p) => ({ container: p.containerPort, protocol: p.protocol ?? "tcp" })),
    volumes: [],
    binds: [],
    tmpfs: [],
    networks: [...n.networks],
    ...(h
      ? {
          healthcheck: {
            test: h.command[0] === "CMD-SHELL" ? { kind: "command" as const, command: ["/bin/sh", "-c", h.command.slice(1).join(" ")] } : { kind: "command" as const, command: h.command.slice(1) },
            intervalMs: (h.interval ?? 30) * 1000,
            timeoutMs: (h.timeout ?? 5) * 1000,
            retries: h.retries ?? 3,
            startPeriodMs: (h.startPeriod ?? 0) * 1000,
          },
        }
      : {}),
    resources: {
      ...(cpuUnits !== undefined && cpuUnits > 0 ? { cpu: cpuUnits / 1024 } : {}),
      ...(memoryMiB !== undefined ? { memoryBytes: memoryMiB * MIB } : {}),
      ...(c.cpu !== undefined && c.cpu > 0 ? { cpuReservation: c.cpu / 1024 } : {}),
      ...(c.memoryReservation !== undefined ? { memoryReservationBytes: c.memoryReservation * MIB } : {}),
    },
    replicas: n.service.desiredCount ?? 1,
    ...(c.user ? { user: c.user } : {}),
    readOnlyRootFilesystem: c.readonlyRootFilesystem ?? false,
    capabilities: { add: [...(c.linuxParameters?.capabilities?.add ?? [])], drop: [...(c.linuxParameters?.capabilities?.drop ?? [])] },
    privileged: false,
    noNewPrivileges: true,
    init: c.linuxParameters?.initProcessEnabled ?? false,
    hostNetwork: false,
    hostPid: false,
    hostIpc: false,
    devices: [],
    // An ECS service replaces a stopped task.
    restart: { policy: "always" },
    ...(c.stopTimeout !== undefined ? { stopGracePeriodMs: c.stopTimeout * 1000 } : {}),
    // Berth sends every container's logs to the stack's CloudWatch log group.
    logging: { driver: "awslogs", options: {} },
    labels: { ...(c.dockerLabels ?? {}) },
    targetOptions: {
      fargate: {
        ...(t.cpu !== undefined ? { cpu: Number(t.cpu) } : {}),
        ...(t.memory !== undefined ? { memoryMiB: Number(t.memory) } : {}),
        ...(n.service.assignPublicIp !== undefined ? { assignPublicIp: n.service.assignPublicIp === "ENABLED" } : {}),
      },
    },
  };
}
