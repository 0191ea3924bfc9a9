/**
 * Lowering of a `SwarmService` (portable node kind `swarm-service`): the user's ServiceSpec,
 * as written, merged with Berth's decisions, into the same `swarm.service` target node every
 * realizer already carries (engine, @pulumi/docker, stack file).
 *
 * Berth decides: `Name` (`<stack>-<name>`), the ownership labels (over any user label), the
 * image reference (by digest when pinned), secret and config references (versioned names),
 * network targets (aliases: the service's name) and the required sections the user left out,
 * written as Docker's own defaults (1 replica, no read-only root, no init, restart `any` after
 * 5 s, json-file logs without options). `EndpointSpec.Mode` defaults as for portable services:
 * `vip` when a port is published in ingress mode, else `dnsrr` (no IPVS needed).
 */
import type { SwarmServiceGraphNode } from "../../sdk/graph/schema.ts";
import type { SwarmServiceSpecFields } from "../../sdk/graph/swarm-service-schema.ts";
import { LABELS } from "../shared/labels.ts";
import { numericUser } from "../shared/docker-api/lower.ts";
import { DEFAULT_NETWORK_ID, type ServiceContext } from "./lower.ts";
import type { ServiceSpec, SwarmMount, SwarmServiceNode, SwarmUpdateConfig } from "./target.ts";

/** Swarm's default restart delay (5 s), written out so every realizer agrees. */
const RESTART_DELAY_NS = 5_000_000_000;
/** Docker's HEALTHCHECK defaults (ns): 30 s interval and timeout, 3 retries. */
const HEALTH_DEFAULT_NS = 30_000_000_000;
/** Docker's defaults for an `UpdateConfig` given in part (`docker service create`'s). */
const UPDATE_DEFAULTS: SwarmUpdateConfig = { Parallelism: 1, Delay: 0, FailureAction: "pause", Monitor: 5_000_000_000, MaxFailureRatio: 0, Order: "stop-first" };

/** The `swarm.service` target node (without its hash) of a SwarmService. */
export function lowerSwarmService(n: SwarmServiceGraphNode, c: ServiceContext): Omit<SwarmServiceNode, "hash"> {
  const node = n.spec;
  const want: SwarmServiceSpecFields = node.spec;
  const stack = c.graph.stack.name;
  const name = `${stack}-${n.name}`;
  const image = c.images.get(node.image);
  if (!image) throw new Error(`lowerSwarm: ${n.id} uses unknown image ${node.image}`);
  const t = want.TaskTemplate ?? {};
  const cs = t.ContainerSpec ?? {};
  const { uid, gid } = numericUser(cs.User);
  const file = (m: { target: string; uid?: string; gid?: string; mode: number }) => ({ Name: m.target, UID: m.uid ?? String(uid), GID: m.gid ?? String(gid), Mode: m.mode });
  const secrets = node.secrets.map((m) => {
    const sec = c.secrets.get(m.secret);
    if (!sec) throw new Error(`lowerSwarm: ${n.id} mounts unknown secret ${m.secret}`);
    return { File: file(m), SecretName: sec.name };
  });
  const configs = node.configs.map((m) => {
    const cfg = c.configs.get(m.config);
    if (!cfg) throw new Error(`lowerSwarm: ${n.id} mounts unknown config ${m.config}`);
    return { File: file(m), ConfigName: cfg.name };
  });
  const netIds = node.networks.length === 0 ? [DEFAULT_NETWORK_ID] : node.networks;
  const networks = netIds.map((id) => ({ Target: c.networkName.get(id) ?? `${stack}-${c.byId.get(id)?.name ?? id}`, Aliases: [n.name] }));
  const mounts = (cs.Mounts ?? []).map((m): SwarmMount =>
    m.Type === "bind"
      ? { Type: "bind", Source: m.Source, Target: m.Target, ReadOnly: m.ReadOnly ?? false }
      : { Type: "tmpfs", Target: m.Target, ReadOnly: m.ReadOnly ?? false, ...(m.TmpfsOptions?.SizeBytes ? { TmpfsOptions: { SizeBytes: m.TmpfsOptions.SizeBytes } } : {}) },
  );
  const ports = (want.EndpointSpec?.Ports ?? []).map((p) => ({ Protocol: p.Protocol ?? "tcp", TargetPort: p.TargetPort, PublishedPort: p.PublishedPort, PublishMode: p.PublishMode ?? "ingress" }));
  const h = cs.Healthcheck;
  const lim = t.Resources?.Limits ?? {};
  const res = t.Resources?.Reservations ?? {};
  const rp = t.RestartPolicy ?? {};
  const pl = t.Placement ?? {};
  const spec: ServiceSpec = {
    Name: name,
    Labels: sorted(c.labels),
    TaskTemplate: {
      ContainerSpec: {
        Image: image.ref,
        Labels: sorted({ ...(cs.Labels ?? {}), [LABELS.app]: c.labels[LABELS.app]!, [LABELS.stack]: stack, [LABELS.node]: n.id }),
        ...(cs.Command ? { Command: [...cs.Command] } : {}),
        ...(cs.Args ? { Args: [...cs.Args] } : {}),
        ...(cs.Dir ? { Dir: cs.Dir } : {}),
        ...(cs.Hostname ? { Hostname: cs.Hostname } : {}),
        Env: [...(cs.Env ?? [])],
        ...(cs.User ? { User: cs.User } : {}),
        ReadOnly: cs.ReadOnly ?? false,
        Init: cs.Init ?? false,
        CapabilityDrop: [...(cs.CapabilityDrop ?? [])],
        CapabilityAdd: [...(cs.CapabilityAdd ?? [])],
        ...(h ? { Healthcheck: { Test: [...h.Test], Interval: h.Interval || HEALTH_DEFAULT_NS, Timeout: h.Timeout || HEALTH_DEFAULT_NS, Retries: h.Retries || 3, StartPeriod: h.StartPeriod ?? 0 } } : {}),
        ...(cs.StopGracePeriod !== undefined ? { StopGracePeriod: cs.StopGracePeriod } : {}),
        ...(cs.StopSignal ? { StopSignal: cs.StopSignal } : {}),
        ...(cs.Sysctls && Object.keys(cs.Sysctls).length > 0 ? { Sysctls: sorted(cs.Sysctls) } : {}),
        Mounts: mounts,
        Secrets: secrets,
        Configs: configs,
      },
      Resources: {
        Limits: {
          ...(lim.NanoCPUs !== undefined ? { NanoCPUs: lim.NanoCPUs } : {}),
          ...(lim.MemoryBytes !== undefined ? { MemoryBytes: lim.MemoryBytes } : {}),
          ...(lim.Pids !== undefined ? { Pids: lim.Pids } : {}),
        },
        Reservations: {
          ...(res.NanoCPUs !== undefined ? { NanoCPUs: res.NanoCPUs } : {}),
          ...(res.MemoryBytes !== undefined ? { MemoryBytes: res.MemoryBytes } : {}),
        },
      },
      RestartPolicy: { Condition: rp.Condition ?? "any", Delay: rp.Delay ?? RESTART_DELAY_NS, MaxAttempts: rp.MaxAttempts ?? 0, ...(rp.Window !== undefined ? { Window: rp.Window } : {}) },
      Placement: {
        Constraints: [...(pl.Constraints ?? [])],
        Preferences: (pl.Preferences ?? []).map((p) => ({ Spread: { SpreadDescriptor: p.Spread.SpreadDescriptor } })),
        ...(pl.MaxReplicas !== undefined ? { MaxReplicas: pl.MaxReplicas } : {}),
      },
      Networks: networks,
      LogDriver: { Name: t.LogDriver?.Name ?? "json-file", Options: { ...(t.LogDriver?.Options ?? {}) } },
    },
    Mode: want.Mode && "Global" in want.Mode ? { Global: {} } : { Replicated: { Replicas: want.Mode?.Replicated.Replicas ?? 1 } },
    ...(want.UpdateConfig ? { UpdateConfig: { ...UPDATE_DEFAULTS, ...want.UpdateConfig } } : {}),
    ...(want.RollbackConfig ? { RollbackConfig: { ...UPDATE_DEFAULTS, ...want.RollbackConfig } } : {}),
    EndpointSpec: { Mode: want.EndpointSpec?.Mode ?? (ports.some((p) => p.PublishMode === "ingress") ? "vip" : "dnsrr"), Ports: ports },
  };
  return {
    kind: "swarm.service",
    id: n.id,
    source: n.id,
    path: n.path,
    name,
    role: "service",
    image: node.image,
    secrets: node.secrets.map((m) => m.secret),
    configs: node.configs.map((m) => m.config),
    spec,
  };
}

function sorted(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]!]));
}
