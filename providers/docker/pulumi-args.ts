/**
 * Pure translation of docker target nodes into @pulumi/docker resource arguments (5.2.0).
 * No Pulumi runtime here: the values that only exist at deploy time (the image a container
 * runs, a secret's content) are passed in, so the mapping is testable as plain data and the
 * agreement test can compare it field by field with the engine's create bodies.
 *
 * The provider cannot express a few Engine API fields; {@link pulumiGaps} lists them per node
 * so the realizer warns about each instead of dropping it silently.
 */
import type * as docker from "@pulumi/docker";
import type { PulumiGap } from "../shared/provider.ts";
import type { DockerContainerNode, DockerFileNode, DockerGraph, DockerNetworkNode, DockerVolumeNode } from "./target.ts";

const MIB = 1024 * 1024;
const NS_PER_MS = 1_000_000;

/** Seconds the provider waits for a container to be healthy: the engine's default wait (apply.ts). */
export const HEALTHY_WAIT_SECONDS = 120;

/** A `{label, value}` list, the provider's shape for labels, sorted by key. */
export function labelList(labels: Readonly<Record<string, string>>): { label: string; value: string }[] {
  return Object.keys(labels)
    .sort()
    .map((label) => ({ label, value: labels[label]! }));
}

/**
 * The provider's `cpus` (a decimal string, parsed like `docker run --cpus`) for a NanoCpus
 * value, written from the integer so it parses back to exactly the same nanoseconds.
 */
export function cpusString(nanoCpus: number): string {
  const whole = Math.floor(nanoCpus / 1e9);
  const fraction = String(nanoCpus % 1e9).padStart(9, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** A Go duration string (`5s`, `1500ms`) for nanoseconds: the provider's healthcheck unit. */
export function goDuration(ns: number): string {
  if (ns % 1_000_000_000 === 0) return `${ns / 1_000_000_000}s`;
  if (ns % NS_PER_MS === 0) return `${ns / NS_PER_MS}ms`;
  return `${ns / 1000}us`;
}

/** `docker.Network` arguments. */
export function networkArgs(node: DockerNetworkNode): docker.NetworkArgs {
  const c = node.create;
  return { name: c.Name, driver: c.Driver, internal: c.Internal, attachable: c.Attachable, labels: labelList(c.Labels) };
}

/** `docker.Volume` arguments. */
export function volumeArgs(node: DockerVolumeNode): docker.VolumeArgs {
  const c = node.create;
  return { name: c.Name, driver: c.Driver, labels: labelList(c.Labels) };
}

export { imageArgs, type ImageArgs } from "../shared/docker-api/pulumi-image.ts";

/** What a container waits for after creation, mirroring the engine (apply.ts). */
function waits(node: DockerContainerNode): Pick<docker.ContainerArgs, "attach" | "mustRun" | "wait" | "waitTimeout"> {
  // The engine waits for a job to complete, for a container with a healthcheck to be healthy,
  // and for anything else to run. The provider's `attach` waits for the end of a job and
  // `wait` for health; a job must not be recreated because it is not running any more.
  if (node.role === "job") return { attach: true, mustRun: false };
  if (node.create.Healthcheck) return { mustRun: true, wait: true, waitTimeout: HEALTHY_WAIT_SECONDS };
  return { mustRun: true };
}

/**
 * `docker.Container` arguments: every ContainerCreate field the provider can express, one to
 * one. `image` is the image resource's name output (it equals `create.Image`) so Pulumi orders
 * the container after its image.
 */
export function containerArgs<I>(node: DockerContainerNode, image: I): Omit<docker.ContainerArgs, "image"> & { image: I } {
  const c = node.create;
  const h = c.HostConfig;
  const ports = Object.entries(h.PortBindings).flatMap(([key, bindings]) => {
    const [port, protocol = "tcp"] = key.split("/");
    return bindings.map((b) => ({ internal: Number(port), external: Number(b.HostPort), ip: b.HostIp, protocol }));
  });
  return {
    name: node.name,
    image,
    ...(c.Cmd ? { command: [...c.Cmd] } : {}),
    ...(c.Entrypoint ? { entrypoints: [...c.Entrypoint] } : {}),
    ...(c.WorkingDir ? { workingDir: c.WorkingDir } : {}),
    envs: [...c.Env],
    ...(c.User ? { user: c.User } : {}),
    labels: labelList(c.Labels),
    ...(c.Healthcheck
      ? {
          healthcheck: {
            tests: [...c.Healthcheck.Test],
            interval: goDuration(c.Healthcheck.Interval),
            timeout: goDuration(c.Healthcheck.Timeout),
            retries: c.Healthcheck.Retries,
            startPeriod: goDuration(c.Healthcheck.StartPeriod),
          },
        }
      : {}),
    ...(c.StopTimeout !== undefined ? { stopTimeout: c.StopTimeout, destroyGraceSeconds: c.StopTimeout } : {}),
    // The provider attaches `networksAdvanced` after create (disconnecting the default bridge):
    // naming the first of them as the network mode too would attach it twice and fail.
    ...(h.NetworkMode in c.NetworkingConfig.EndpointsConfig ? {} : { networkMode: h.NetworkMode }),
    networksAdvanced: Object.entries(c.NetworkingConfig.EndpointsConfig).map(([name, ep]) => ({ name, aliases: [...ep.Aliases] })),
    ...(h.Memory !== undefined ? { memory: Math.floor(h.Memory / MIB) } : {}),
    // Both in MiB, like `memory`; a remainder below one MiB is reported by pulumiGaps.
    ...(h.MemoryReservation !== undefined ? { memoryReservation: Math.floor(h.MemoryReservation / MIB) } : {}),
    // `cpus` sets NanoCpus, as `docker run --cpus` does (cpuQuota/cpuPeriod would be a different field).
    ...(h.NanoCpus !== undefined ? { cpus: cpusString(h.NanoCpus) } : {}),
    restart: h.RestartPolicy.Name,
    ...(h.RestartPolicy.Name === "on-failure" ? { maxRetryCount: h.RestartPolicy.MaximumRetryCount } : {}),
    readOnly: h.ReadonlyRootfs,
    tmpfs: { ...h.Tmpfs },
    capabilities: { drops: [...h.CapDrop], adds: [...h.CapAdd] },
    securityOpts: [...h.SecurityOpt],
    init: h.Init,
    logDriver: h.LogConfig.Type,
    logOpts: { ...h.LogConfig.Config },
    ports,
    mounts: h.Mounts.map((m) => ({ type: m.Type, source: m.Source, target: m.Target, readOnly: m.ReadOnly })),
    privileged: h.Privileged,
    ...(h.PidMode ? { pidMode: h.PidMode } : {}),
    ...(h.IpcMode ? { ipcMode: h.IpcMode } : {}),
    devices: h.Devices.map((d) => ({ hostPath: d.PathOnHost, containerPath: d.PathInContainer, permissions: d.CgroupPermissions })),
    ...waits(node),
  };
}

/** Arguments of the host file resource a secret or config file node becomes (content added by the realizer). */
export function hostFileArgs(node: DockerFileNode): { hostPath: string; uid: number; gid: number; mode: number } {
  return { hostPath: node.hostPath, uid: node.uid, gid: node.gid, mode: node.mode };
}

/** One Engine API field a node sets that @pulumi/docker 5.2.0 cannot express (`field`: the ContainerCreate field, e.g. `HostConfig.PidsLimit`). */
export type { PulumiGap };

/**
 * The fields this graph sets that the provider drops or approximates. The realizer warns
 * about each; the agreement test proves these are the only differences from the engine.
 */
export function pulumiGaps(graph: DockerGraph): PulumiGap[] {
  const gaps: PulumiGap[] = [];
  for (const n of graph.nodes) {
    if (n.kind !== "docker.container") continue;
    const h = n.create.HostConfig;
    const gap = (field: string, found: unknown, message: string) => gaps.push({ node: n.id, path: n.path, field, found: String(found), message });
    if (h.PidsLimit !== undefined) gap("HostConfig.PidsLimit", h.PidsLimit, "@pulumi/docker 5.2 has no pids limit on docker.Container: the container runs without one");
    if (h.Memory !== undefined && h.Memory % MIB !== 0) gap("HostConfig.Memory", h.Memory, `the provider takes whole MiB: the limit is rounded down to ${Math.floor(h.Memory / MIB)} MiB`);
    if (h.MemoryReservation !== undefined && h.MemoryReservation % MIB !== 0) {
      gap("HostConfig.MemoryReservation", h.MemoryReservation, `the provider takes whole MiB: the reservation is rounded down to ${Math.floor(h.MemoryReservation / MIB)} MiB`);
    }
    const published = new Set(Object.keys(h.PortBindings));
    const exposedOnly = Object.keys(n.create.ExposedPorts).filter((p) => !published.has(p));
    if (exposedOnly.length) gap("ExposedPorts", exposedOnly.join(","), "the provider only publishes ports: exposed-only ports (image metadata, reachable on the network anyway) are not recorded");
    if (n.role === "job") gap("wait.completed", n.name, "the provider's attach waits for the job to end but does not fail the update on a non-zero exit code");
  }
  return gaps;
}
