/**
 * Pure translation of swarm target nodes into @pulumi/docker 5.2.0 arguments (docker.Service,
 * docker.Secret, docker.ServiceConfig, docker.Network), and the list of fields that provider
 * cannot express (gaps), so nothing is dropped silently.
 */
import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { ServiceSpec, SwarmConfigNode, SwarmGraph, SwarmNetworkNode, SwarmSecretNode, SwarmServiceNode, SwarmUpdateConfig } from "./target.ts";

import type { PulumiGap } from "../shared/provider.ts";

type Input<T> = pulumi.Input<T>;

/** A field of a target node the Pulumi provider has no argument for. */
export type SwarmPulumiGap = PulumiGap;

/** A Go duration string for nanoseconds (`5s`, `1500ms`, `0s`), as the provider parses them. */
export function goDuration(ns: number): string {
  if (ns % 1_000_000_000 === 0) return `${ns / 1_000_000_000}s`;
  if (ns % 1_000_000 === 0) return `${ns / 1_000_000}ms`;
  return `${ns}ns`;
}

const labelList = (labels: Readonly<Record<string, string>>) => Object.entries(labels).map(([label, value]) => ({ label, value }));

/** `docker.Network` arguments: an attachable overlay network. */
export function networkArgs(n: SwarmNetworkNode): docker.NetworkArgs {
  return { name: n.create.Name, driver: "overlay", attachable: true, internal: n.create.Internal, labels: labelList(n.create.Labels) };
}

/** `docker.Secret` arguments; `data` is the base64 value, resolved by the caller. */
export function secretArgs(n: SwarmSecretNode, data: Input<string>): docker.SecretArgs {
  return { name: n.name, data: data as docker.SecretArgs["data"], labels: labelList(n.labels) };
}

/** `docker.ServiceConfig` arguments, with the ownership labels the engine puts on configs. */
export function configArgs(n: SwarmConfigNode): docker.ServiceConfigArgs {
  return { name: n.name, data: Buffer.from(n.content).toString("base64"), labels: labelList(n.labels) };
}

/** What a service refers to by resource id rather than by name. */
export type SwarmRefKind = "secret" | "config" | "network";

function updateArgs(u: SwarmUpdateConfig): docker.types.input.ServiceUpdateConfig {
  return { parallelism: u.Parallelism, delay: goDuration(u.Delay), failureAction: u.FailureAction, monitor: goDuration(u.Monitor), maxFailureRatio: String(u.MaxFailureRatio), order: u.Order };
}

/**
 * `docker.Service` arguments. `image` is the image reference (an Output when the image is a
 * Pulumi resource); `ids` maps secret, config and network names to their resources' ids.
 */
export function serviceArgs(n: SwarmServiceNode, image: Input<string>, ids: (name: string, kind: SwarmRefKind) => Input<string>): docker.ServiceArgs {
  const s: ServiceSpec = n.spec;
  const c = s.TaskTemplate.ContainerSpec;
  const t = s.TaskTemplate;
  const env = Object.fromEntries(c.Env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
  return {
    name: s.Name,
    labels: labelList(s.Labels),
    taskSpec: {
      containerSpec: {
        image: image as string,
        labels: labelList(c.Labels),
        ...(c.Command ? { commands: [...c.Command] } : {}),
        ...(c.Args ? { args: [...c.Args] } : {}),
        ...(c.Dir ? { dir: c.Dir } : {}),
        ...(c.Hostname ? { hostname: c.Hostname } : {}),
        env,
        ...(c.User ? { user: c.User } : {}),
        readOnly: c.ReadOnly,
        init: c.Init,
        ...(c.CapabilityAdd.length ? { capAdds: [...c.CapabilityAdd] } : {}),
        ...(c.CapabilityDrop.length ? { capDrops: [...c.CapabilityDrop] } : {}),
        ...(c.Healthcheck
          ? { healthcheck: { tests: [...c.Healthcheck.Test], interval: goDuration(c.Healthcheck.Interval), timeout: goDuration(c.Healthcheck.Timeout), retries: c.Healthcheck.Retries, startPeriod: goDuration(c.Healthcheck.StartPeriod) } }
          : {}),
        ...(c.StopGracePeriod !== undefined ? { stopGracePeriod: goDuration(c.StopGracePeriod) } : {}),
        ...(c.StopSignal ? { stopSignal: c.StopSignal } : {}),
        ...(c.Sysctls ? { sysctl: { ...c.Sysctls } } : {}),
        mounts: c.Mounts.map((m) => ({
          type: m.Type,
          target: m.Target,
          readOnly: m.ReadOnly,
          ...(m.Source !== undefined ? { source: m.Source } : {}),
          ...(m.VolumeOptions ? { volumeOptions: { driverName: m.VolumeOptions.DriverConfig.Name, labels: labelList(m.VolumeOptions.Labels) } } : {}),
          ...(m.TmpfsOptions?.SizeBytes ? { tmpfsOptions: { sizeBytes: m.TmpfsOptions.SizeBytes } } : {}),
        })),
        secrets: c.Secrets.map((x) => ({ secretId: ids(x.SecretName, "secret") as string, secretName: x.SecretName, fileName: x.File.Name, fileUid: x.File.UID, fileGid: x.File.GID, fileMode: x.File.Mode })),
        configs: c.Configs.map((x) => ({ configId: ids(x.ConfigName, "config") as string, configName: x.ConfigName, fileName: x.File.Name, fileUid: x.File.UID, fileGid: x.File.GID, fileMode: x.File.Mode })),
      },
      resources: {
        limits: { ...(t.Resources.Limits.NanoCPUs !== undefined ? { nanoCpus: t.Resources.Limits.NanoCPUs } : {}), ...(t.Resources.Limits.MemoryBytes !== undefined ? { memoryBytes: t.Resources.Limits.MemoryBytes } : {}) },
        reservation: { ...(t.Resources.Reservations.NanoCPUs !== undefined ? { nanoCpus: t.Resources.Reservations.NanoCPUs } : {}), ...(t.Resources.Reservations.MemoryBytes !== undefined ? { memoryBytes: t.Resources.Reservations.MemoryBytes } : {}) },
      },
      restartPolicy: {
        condition: t.RestartPolicy.Condition,
        delay: goDuration(t.RestartPolicy.Delay),
        maxAttempts: t.RestartPolicy.MaxAttempts,
        ...(t.RestartPolicy.Window !== undefined ? { window: goDuration(t.RestartPolicy.Window) } : {}),
      },
      placement: {
        constraints: [...t.Placement.Constraints],
        prefs: t.Placement.Preferences.map((p) => `spread=${p.Spread.SpreadDescriptor}`),
        ...(t.Placement.MaxReplicas !== undefined ? { maxReplicas: t.Placement.MaxReplicas } : {}),
      },
      // By id: 5.x deprecates `name` here, which it documents as replacing the service on every update.
      networksAdvanceds: t.Networks.map((x) => ({ id: ids(x.Target, "network") as string, aliases: [...x.Aliases] })),
      logDriver: { name: t.LogDriver.Name, options: { ...t.LogDriver.Options } },
    },
    // The provider has no replicated-job mode: a job becomes one replica (reported as a gap).
    mode: "Global" in s.Mode ? { global: true } : { replicated: { replicas: "Replicated" in s.Mode ? s.Mode.Replicated.Replicas : 1 } },
    ...(s.UpdateConfig ? { updateConfig: updateArgs(s.UpdateConfig) } : {}),
    ...(s.RollbackConfig ? { rollbackConfig: updateArgs(s.RollbackConfig) } : {}),
    endpointSpec: { mode: s.EndpointSpec.Mode, ports: s.EndpointSpec.Ports.map((p) => ({ protocol: p.Protocol, targetPort: p.TargetPort, publishedPort: p.PublishedPort, publishMode: p.PublishMode })) },
  };
}

/** Fields of the graph @pulumi/docker 5.2.0 cannot express. */
export function swarmPulumiGaps(graph: SwarmGraph): SwarmPulumiGap[] {
  const out: SwarmPulumiGap[] = [];
  for (const n of graph.nodes) {
    if (n.kind !== "swarm.service") continue;
    const gap = (field: string, found: string, message: string) => out.push({ node: n.id, path: n.path, field, found, message });
    if ("ReplicatedJob" in n.spec.Mode) gap("Mode", "ReplicatedJob", "docker.Service has no replicated-job mode; the job runs as 1 replica restarted on failure");
    if (n.spec.TaskTemplate.Resources.Limits.Pids !== undefined) gap("Resources.Limits.Pids", String(n.spec.TaskTemplate.Resources.Limits.Pids), "docker.Service has no pids limit");
  }
  return out;
}
