/**
 * The policy's view of a `SwarmService`: its Engine API ServiceSpec presented as the workload
 * fields rules read (user, read-only root, capabilities, resources, healthcheck, restart,
 * logging, ports, mounts, secrets, networks), so every workload rule that runs on swarm covers
 * it without knowing the ServiceSpec. Fields the spec leaves out read as Docker's defaults,
 * which is what lowering writes out (providers/swarm/lower-swarm-service.ts).
 */
import type { HealthTest, SwarmServiceGraphNode, WorkloadGraphNode, WorkloadNode } from "../graph/schema.ts";

const NS_PER_MS = 1_000_000;
/** Docker's HEALTHCHECK defaults: 30 s interval and timeout, 3 retries, no start period. */
const HEALTH_DEFAULT_MS = 30_000;

const views = new WeakMap<SwarmServiceGraphNode, WorkloadGraphNode>();

/** The node as the workload rules read it (the same node id, path and construct). Cached per node. */
export function swarmServiceAsWorkload(node: SwarmServiceGraphNode): WorkloadGraphNode {
  let view = views.get(node);
  if (view === undefined) {
    view = { ...node, spec: workloadFields(node) };
    views.set(node, view);
  }
  return view;
}

function workloadFields(node: SwarmServiceGraphNode): WorkloadNode {
  const n = node.spec;
  const s = n.spec;
  const t = s.TaskTemplate ?? {};
  const c = t.ContainerSpec ?? {};
  const lim = t.Resources?.Limits ?? {};
  const res = t.Resources?.Reservations ?? {};
  const env: WorkloadNode["env"] = {};
  for (const kv of c.Env ?? []) env[kv.slice(0, kv.indexOf("="))] = { kind: "literal", value: kv.slice(kv.indexOf("=") + 1) };
  const restart = t.RestartPolicy;
  const condition = restart?.Condition ?? "any";
  const mounts = c.Mounts ?? [];
  const test = healthTest(c.Healthcheck?.Test);
  const h = c.Healthcheck;
  return {
    kind: "service",
    // A SwarmService spec is the user's own: nothing in it is one of Berth's defaults.
    defaults: [],
    image: n.image,
    ...(c.Command ? { entrypoint: [...c.Command] } : {}),
    ...(c.Args ? { command: [...c.Args] } : {}),
    ...(c.Dir ? { workingDir: c.Dir } : {}),
    env,
    secrets: n.secrets.map((m) => ({ secret: m.secret, target: m.target, mode: m.mode })),
    configs: n.configs.map((m) => ({ config: m.config, target: m.target, mode: m.mode })),
    ports: (s.EndpointSpec?.Ports ?? []).map((p) => ({ container: p.TargetPort, published: p.PublishedPort, protocol: p.Protocol ?? "tcp" })),
    volumes: [],
    binds: mounts.flatMap((m) => (m.Type === "bind" ? [{ source: m.Source, path: m.Target, readOnly: m.ReadOnly ?? false }] : [])),
    tmpfs: mounts.flatMap((m) => (m.Type === "tmpfs" ? [m.TmpfsOptions?.SizeBytes ? { path: m.Target, sizeBytes: m.TmpfsOptions.SizeBytes } : { path: m.Target }] : [])),
    networks: [...n.networks],
    ...(h && test
      ? {
          healthcheck: {
            test,
            intervalMs: h.Interval ? h.Interval / NS_PER_MS : HEALTH_DEFAULT_MS,
            timeoutMs: h.Timeout ? h.Timeout / NS_PER_MS : HEALTH_DEFAULT_MS,
            retries: h.Retries || 3,
            startPeriodMs: (h.StartPeriod ?? 0) / NS_PER_MS,
          },
        }
      : {}),
    resources: {
      ...(lim.NanoCPUs !== undefined ? { cpu: lim.NanoCPUs / 1e9 } : {}),
      ...(lim.MemoryBytes !== undefined ? { memoryBytes: lim.MemoryBytes } : {}),
      ...(res.NanoCPUs !== undefined ? { cpuReservation: res.NanoCPUs / 1e9 } : {}),
      ...(res.MemoryBytes !== undefined ? { memoryReservationBytes: res.MemoryBytes } : {}),
      ...(lim.Pids !== undefined ? { pids: lim.Pids } : {}),
    },
    replicas: s.Mode && "Replicated" in s.Mode ? s.Mode.Replicated.Replicas : 1,
    ...(c.User ? { user: c.User } : {}),
    readOnlyRootFilesystem: c.ReadOnly ?? false,
    capabilities: { add: [...(c.CapabilityAdd ?? [])], drop: [...(c.CapabilityDrop ?? [])] },
    privileged: false,
    // Swarm services cannot set no-new-privileges (only dockerd can, for every container).
    noNewPrivileges: false,
    init: c.Init ?? false,
    hostNetwork: false,
    hostPid: false,
    hostIpc: false,
    devices: [],
    // Swarm's `any` is what a portable `unless-stopped` lowers to: a service an operator scales to 0 stays down.
    restart: condition === "none" ? { policy: "no" } : condition === "on-failure" ? { policy: "on-failure", maxAttempts: restart?.MaxAttempts ?? 0 } : { policy: "unless-stopped" },
    ...(c.StopGracePeriod !== undefined ? { stopGracePeriodMs: c.StopGracePeriod / NS_PER_MS } : {}),
    logging: { driver: t.LogDriver?.Name ?? "json-file", options: { ...(t.LogDriver?.Options ?? {}) } },
    labels: { ...(s.Labels ?? {}) },
    targetOptions: {
      swarm: {
        constraints: [...(t.Placement?.Constraints ?? [])],
        preferences: (t.Placement?.Preferences ?? []).map((p) => p.Spread.SpreadDescriptor),
      },
    },
  };
}

/** An Engine API healthcheck test as a portable one; `NONE` (or nothing) is no healthcheck. */
function healthTest(test: readonly string[] | undefined): HealthTest | undefined {
  if (!test || test.length === 0 || test[0] === "NONE") return undefined;
  if (test[0] === "CMD-SHELL") return { kind: "command", command: ["/bin/sh", "-c", test.slice(1).join(" ")] };
  if (test[0] === "CMD") return { kind: "command", command: test.slice(1).length > 0 ? test.slice(1) : ["true"] };
  return { kind: "command", command: [...test] };
}
