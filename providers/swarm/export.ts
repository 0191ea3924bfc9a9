/**
 * Exports the swarm target graph as a stack file (`docker stack deploy -c stack.yaml <name>`,
 * compose file format 3.9), translating each ServiceSpec field to its compose key. Objects
 * keep the graph's names (`name:`), so the file deploys the same networks, secrets and configs
 * the engine would; the services are named `<stack>_<key>` by `docker stack deploy`.
 *
 * - Secret values never enter the file: secrets are `external` with their versioned name
 *   (create them with `docker secret create <name> -`, or let `berth up` create them).
 * - Config contents go to files next to the stack file (`configs/<name>`), since the 3.9
 *   format has no inline content.
 * - Berth's ownership labels are left out: the deployed stack belongs to `docker stack`.
 * - What the 3.9 format cannot say is listed in `gaps` and in the file's header comment.
 */
import { stringify } from "yaml";
import { escapeInterpolation } from "../shared/docker-api/compose-escape.ts";
import { LABELS } from "../shared/labels.ts";
import type { ServiceSpec, SwarmGraph, SwarmServiceNode } from "./target.ts";

/** The exported files: `stack.yaml` and one `configs/<name>` per config, by relative path. */
export interface SwarmExport {
  readonly files: Readonly<Record<string, string>>;
  /** What the stack-file format could not express. */
  readonly gaps: readonly string[];
}

const OWNERSHIP = new Set<string>(Object.values(LABELS));

/** A compose duration (`5s`, `1500ms`) for nanoseconds. */
function duration(ns: number): string {
  if (ns % 1e9 === 0) return `${ns / 1e9}s`;
  if (ns % 1e6 === 0) return `${ns / 1e6}ms`;
  return `${ns / 1e3}us`;
}

function userLabels(labels: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const out = Object.fromEntries(Object.entries(labels).filter(([k]) => !OWNERSHIP.has(k)));
  return Object.keys(out).length ? out : undefined;
}

function update(u: NonNullable<ServiceSpec["UpdateConfig"]>): Record<string, unknown> {
  return { parallelism: u.Parallelism, delay: duration(u.Delay), failure_action: u.FailureAction, monitor: duration(u.Monitor), max_failure_ratio: u.MaxFailureRatio, order: u.Order };
}

/** The compose service key of a service: its name without the stack prefix. */
export function serviceKey(graph: SwarmGraph, n: SwarmServiceNode): string {
  return n.name.startsWith(`${graph.stack}-`) ? n.name.slice(graph.stack.length + 1) : n.name;
}

/** Exports a swarm graph as a stack file and its config files. */
export function exportSwarm(graph: SwarmGraph): SwarmExport {
  const gaps: string[] = [];
  const files: Record<string, string> = {};
  const services: Record<string, unknown> = {};
  const networks: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  const configs: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  const images = new Map(graph.nodes.flatMap((n) => (n.kind === "docker.image" ? [[n.id, n.ref] as const] : [])));

  for (const n of graph.nodes) {
    if (n.kind === "swarm.network") {
      networks[n.name] = { name: n.name, driver: "overlay", attachable: true, ...(n.create.Internal ? { internal: true } : {}), ...(userLabels(n.create.Labels) ? { labels: userLabels(n.create.Labels) } : {}) };
    } else if (n.kind === "swarm.volume") {
      volumes[n.name] = { name: n.name, ...(userLabels(n.labels) ? { labels: userLabels(n.labels) } : {}) };
    } else if (n.kind === "swarm.secret") {
      secrets[n.name] = { name: n.name, external: true };
    } else if (n.kind === "swarm.config") {
      files[`configs/${n.name}`] = n.content;
      configs[n.name] = { name: n.name, file: `./configs/${n.name}` };
    } else if (n.kind === "docker.image" && n.action.kind === "build") {
      gaps.push(`${n.id}: built images are referenced by tag (${n.ref}); build and push it before deploying (berth up does)`);
    }
  }
  for (const n of graph.nodes) {
    if (n.kind !== "swarm.service") continue;
    const s = n.spec;
    const c = s.TaskTemplate.ContainerSpec;
    const t = s.TaskTemplate;
    const job = "ReplicatedJob" in s.Mode;
    const global = "Global" in s.Mode;
    if (job) gaps.push(`${n.id}: the 3.9 stack-file format has no replicated-job mode; the job runs as 1 replica restarted on failure, and nothing waits for it`);
    const lim = t.Resources.Limits;
    const res = t.Resources.Reservations;
    const cpus = (nano: number) => String(nano / 1e9);
    services[serviceKey(graph, n)] = {
      image: images.get(n.image) ?? c.Image,
      ...(c.Command ? { entrypoint: [...c.Command] } : {}),
      ...(c.Args ? { command: [...c.Args] } : {}),
      ...(c.Dir ? { working_dir: c.Dir } : {}),
      ...(c.Hostname ? { hostname: c.Hostname } : {}),
      ...(c.Env.length ? { environment: Object.fromEntries(c.Env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)])) } : {}),
      ...(c.User ? { user: c.User } : {}),
      read_only: c.ReadOnly,
      init: c.Init,
      ...(c.CapabilityDrop.length ? { cap_drop: [...c.CapabilityDrop] } : {}),
      ...(c.CapabilityAdd.length ? { cap_add: [...c.CapabilityAdd] } : {}),
      ...(c.Healthcheck ? { healthcheck: { test: [...c.Healthcheck.Test], interval: duration(c.Healthcheck.Interval), timeout: duration(c.Healthcheck.Timeout), retries: c.Healthcheck.Retries, start_period: duration(c.Healthcheck.StartPeriod) } } : {}),
      ...(c.StopGracePeriod !== undefined ? { stop_grace_period: duration(c.StopGracePeriod) } : {}),
      ...(c.StopSignal ? { stop_signal: c.StopSignal } : {}),
      ...(c.Sysctls ? { sysctls: { ...c.Sysctls } } : {}),
      ...(c.Mounts.length
        ? {
            volumes: c.Mounts.map((m) => ({
              type: m.Type,
              ...(m.Source !== undefined ? { source: m.Source } : {}),
              target: m.Target,
              ...(m.ReadOnly ? { read_only: true } : {}),
              ...(m.TmpfsOptions?.SizeBytes ? { tmpfs: { size: m.TmpfsOptions.SizeBytes } } : {}),
            })),
          }
        : {}),
      ...(c.Secrets.length ? { secrets: c.Secrets.map((x) => ({ source: x.SecretName, target: x.File.Name, uid: x.File.UID, gid: x.File.GID, mode: x.File.Mode })) } : {}),
      ...(c.Configs.length ? { configs: c.Configs.map((x) => ({ source: x.ConfigName, target: x.File.Name, uid: x.File.UID, gid: x.File.GID, mode: x.File.Mode })) } : {}),
      networks: Object.fromEntries(t.Networks.map((x) => [x.Target, x.Aliases.length ? { aliases: [...x.Aliases] } : null])),
      ...(s.EndpointSpec.Ports.length ? { ports: s.EndpointSpec.Ports.map((p) => ({ target: p.TargetPort, published: p.PublishedPort, protocol: p.Protocol, mode: p.PublishMode })) } : {}),
      logging: { driver: t.LogDriver.Name, ...(Object.keys(t.LogDriver.Options).length ? { options: { ...t.LogDriver.Options } } : {}) },
      ...(userLabels(c.Labels) ? { labels: userLabels(c.Labels) } : {}),
      deploy: {
        ...(global ? { mode: "global" } : { mode: "replicated", replicas: "Replicated" in s.Mode ? s.Mode.Replicated.Replicas : 1 }),
        endpoint_mode: s.EndpointSpec.Mode,
        ...(userLabels(s.Labels) ? { labels: userLabels(s.Labels) } : {}),
        resources: {
          limits: { ...(lim.NanoCPUs !== undefined ? { cpus: cpus(lim.NanoCPUs) } : {}), ...(lim.MemoryBytes !== undefined ? { memory: String(lim.MemoryBytes) } : {}), ...(lim.Pids !== undefined ? { pids: lim.Pids } : {}) },
          reservations: { ...(res.NanoCPUs !== undefined ? { cpus: cpus(res.NanoCPUs) } : {}), ...(res.MemoryBytes !== undefined ? { memory: String(res.MemoryBytes) } : {}) },
        },
        restart_policy: {
          condition: t.RestartPolicy.Condition,
          delay: duration(t.RestartPolicy.Delay),
          ...(t.RestartPolicy.Condition === "on-failure" ? { max_attempts: t.RestartPolicy.MaxAttempts } : {}),
          ...(t.RestartPolicy.Window !== undefined ? { window: duration(t.RestartPolicy.Window) } : {}),
        },
        placement: {
          ...(t.Placement.Constraints.length ? { constraints: [...t.Placement.Constraints] } : {}),
          ...(t.Placement.Preferences.length ? { preferences: t.Placement.Preferences.map((p) => ({ spread: p.Spread.SpreadDescriptor })) } : {}),
          ...(t.Placement.MaxReplicas ? { max_replicas_per_node: t.Placement.MaxReplicas } : {}),
        },
        ...(s.UpdateConfig ? { update_config: update(s.UpdateConfig) } : {}),
        ...(s.RollbackConfig ? { rollback_config: update(s.RollbackConfig) } : {}),
      },
    };
  }
  const header = [`# Berth export of stack '${graph.stack}' for: docker stack deploy -c stack.yaml <name>`, ...gaps.map((g) => `# gap: ${g}`)].join("\n");
  const doc = { version: "3.9", services, ...(Object.keys(networks).length ? { networks } : {}), ...(Object.keys(volumes).length ? { volumes } : {}), ...(Object.keys(secrets).length ? { secrets } : {}), ...(Object.keys(configs).length ? { configs } : {}) };
  files["stack.yaml"] = `${header}\n${stringify(escapeInterpolation(doc), { lineWidth: 0 })}`;
  return { files, gaps };
}
