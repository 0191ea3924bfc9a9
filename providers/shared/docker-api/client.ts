/**
 * The engine's only door to Docker: a thin wrapper over dockerode that names every Engine API
 * call Berth makes and counts the mutating ones, so a test can prove a second `up` changes
 * nothing.
 */
import Docker from "dockerode";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { LABELS } from "../labels.ts";

/** A mutating Engine API call, as recorded by {@link DockerEngineClient}. */
export interface MutatingCall {
  readonly op: string;
  readonly target: string;
}

/** Options of {@link DockerEngineClient}. */
export interface DockerEngineClientOptions {
  /** Docker endpoint (`unix:///path`, `tcp://host:port`). @default - DOCKER_HOST or the local socket */
  readonly host?: string;
}

/** Creates a dockerode instance for an endpoint. */
export function dockerFor(host: string | undefined): Docker {
  if (!host) {
    // docker-modem looks the local socket up with an asynchronous file check before the first
    // request; found here instead (same order: Docker Desktop's per-user socket, then the
    // system one), the first request connects at once. `berth up` relies on that: the
    // connection it opens before running the stack program must not open while the program's
    // inputs are being recorded (cli/up-cache/track.ts).
    if (process.env.DOCKER_HOST) return new Docker();
    const user = join(homedir(), ".docker", "run", "docker.sock");
    return new Docker({ socketPath: existsSync(user) ? user : "/var/run/docker.sock" });
  }
  if (host.startsWith("unix://")) return new Docker({ socketPath: host.slice("unix://".length) });
  const u = new URL(host.replace(/^tcp:/, "http:"));
  return new Docker({ host: u.hostname, port: Number(u.port || 2375), protocol: u.protocol === "https:" ? "https" : "http" });
}

/**
 * Every Docker call the engine makes. Read calls go straight through; mutating calls are
 * recorded in {@link DockerEngineClient.mutations} first.
 */
export class DockerEngineClient {
  readonly docker: Docker;
  /** Mutating calls made so far, in order. */
  readonly mutations: MutatingCall[] = [];

  /** The endpoint, as given (undefined: DOCKER_HOST or the local socket). */
  readonly host: string | undefined;

  constructor(options: DockerEngineClientOptions = {}) {
    this.host = options.host;
    this.docker = dockerFor(options.host);
  }

  private record(op: string, target: string): void {
    this.mutations.push({ op, target });
  }

  // ------------------------------------------------------------ reads

  #info?: Promise<{ NCPU: number; ServerVersion: string }>;

  /** `GET /info`, asked once per client: a run's policy gate and target check share the answer. */
  info(): Promise<{ NCPU: number; ServerVersion: string }> {
    this.#info ??= this.docker.info() as Promise<{ NCPU: number; ServerVersion: string }>;
    this.#info.catch(() => (this.#info = undefined));
    return this.#info;
  }

  /** Containers of a stack (all states), by the `berth.stack` label. */
  listContainers(stack: string): Promise<Docker.ContainerInfo[]> {
    return this.docker.listContainers({ all: true, filters: { label: [`${LABELS.stack}=${stack}`] } });
  }

  /** Containers whose name matches (any owner), to detect name clashes with unowned objects. */
  listContainersByName(name: string): Promise<Docker.ContainerInfo[]> {
    return this.docker.listContainers({ all: true, filters: { name: [`^/${name}$`] } });
  }

  /** Networks of a stack. */
  listNetworks(stack: string): Promise<Docker.NetworkInspectInfo[]> {
    return this.docker.listNetworks({ filters: { label: [`${LABELS.stack}=${stack}`] } });
  }

  /** `GET /networks/{id}`: with the containers attached (the list leaves them out); undefined when gone. */
  inspectNetwork(id: string): Promise<Docker.NetworkInspectInfo | undefined> {
    return absentOn404(this.docker.getNetwork(id).inspect() as Promise<Docker.NetworkInspectInfo>);
  }

  /** Networks with exactly this name (any owner). */
  async listNetworksByName(name: string): Promise<Docker.NetworkInspectInfo[]> {
    const all = await this.docker.listNetworks({ filters: { name: [name] } });
    return all.filter((n) => n.Name === name);
  }

  /** Volumes of a stack. */
  async listVolumes(stack: string): Promise<Docker.VolumeInspectInfo[]> {
    const r = await this.docker.listVolumes({ filters: { label: [`${LABELS.stack}=${stack}`] } });
    return r.Volumes ?? [];
  }

  /** A volume by name, or undefined. */
  inspectVolume(name: string): Promise<Docker.VolumeInspectInfo | undefined> {
    return absentOn404(this.docker.getVolume(name).inspect() as Promise<Docker.VolumeInspectInfo>);
  }

  /** `GET /containers/{id}/json`, or undefined when it is gone. */
  inspectContainer(id: string): Promise<Docker.ContainerInspectInfo | undefined> {
    return absentOn404(this.docker.getContainer(id).inspect() as Promise<Docker.ContainerInspectInfo>);
  }

  /** `GET /images/{name}/json`, or undefined when absent. */
  inspectImage(ref: string): Promise<Docker.ImageInspectInfo | undefined> {
    return absentOn404(this.docker.getImage(ref).inspect() as Promise<Docker.ImageInspectInfo>);
  }

  /** The last `tail` lines of a container's stdout and stderr, as text. */
  async logs(id: string, tail: number): Promise<string> {
    const buf = (await this.docker.getContainer(id).logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
    return demux(buf);
  }

  /** A following log stream (raw multiplexed frames unless the container has a TTY). */
  async followLogs(id: string, tail: number): Promise<NodeJS.ReadableStream> {
    return (await this.docker.getContainer(id).logs({ stdout: true, stderr: true, tail, follow: true })) as unknown as NodeJS.ReadableStream;
  }

  // ------------------------------------------------------------ writes (counted)

  /** `POST /containers/create`. */
  async createContainer(name: string, body: Docker.ContainerCreateOptions): Promise<string> {
    this.record("container.create", name);
    const c = await this.docker.createContainer({ ...body, name });
    return c.id;
  }

  /** `POST /containers/{id}/start`. */
  async startContainer(id: string): Promise<void> {
    this.record("container.start", id);
    await ignore304(this.docker.getContainer(id).start());
  }

  /** `POST /containers/{id}/stop`. */
  async stopContainer(id: string, seconds?: number): Promise<void> {
    this.record("container.stop", id);
    try {
      await ignore304(this.docker.getContainer(id).stop(seconds === undefined ? {} : { t: seconds }));
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /** Stops a running container gracefully (its StopTimeout, then SIGKILL) and removes it. */
  async stopAndRemoveContainer(id: string): Promise<void> {
    const c = await this.inspectContainer(id);
    if (!c) return;
    if (c.State.Running) await this.stopContainer(id);
    await this.removeContainer(id);
  }

  /** `DELETE /containers/{id}?force=1` (gone already is fine). */
  async removeContainer(id: string): Promise<void> {
    this.record("container.remove", id);
    try {
      await this.docker.getContainer(id).remove({ force: true, v: false });
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /** `POST /networks/{id}/connect`. */
  async connectNetwork(network: string, container: string, aliases: readonly string[]): Promise<void> {
    this.record("network.connect", `${network} ${container}`);
    await this.docker.getNetwork(network).connect({ Container: container, EndpointConfig: { Aliases: [...aliases] } });
  }

  /** `POST /networks/create` (duplicate names refused by the engine). */
  async createNetwork(body: Docker.NetworkCreateOptions): Promise<string> {
    this.record("network.create", body.Name);
    return (await this.docker.createNetwork({ ...body, CheckDuplicate: true })).id;
  }

  /** `DELETE /networks/{id}` (gone already is fine). */
  async removeNetwork(id: string): Promise<void> {
    this.record("network.remove", id);
    try {
      await this.docker.getNetwork(id).remove();
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /** `POST /volumes/create`. */
  async createVolume(body: { Name: string; Driver: string; Labels: Record<string, string> }): Promise<void> {
    this.record("volume.create", body.Name);
    await this.docker.createVolume(body);
  }

  /** `DELETE /volumes/{name}` (gone already is fine). */
  async removeVolume(name: string): Promise<void> {
    this.record("volume.remove", name);
    try {
      await this.docker.getVolume(name).remove();
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /** `POST /images/create` (pull), following progress to the end. */
  async pullImage(ref: string): Promise<void> {
    this.record("image.pull", ref);
    const stream = (await this.docker.pull(ref)) as NodeJS.ReadableStream;
    await followProgress(this.docker, stream);
  }

  /** `POST /build` with a tar stream of the context. */
  async buildImage(context: Readable, options: { t: string; dockerfile: string; buildargs: Record<string, string>; target?: string; labels: Record<string, string> }): Promise<void> {
    this.record("image.build", options.t);
    const stream = (await this.docker.buildImage(context, {
      t: options.t,
      dockerfile: options.dockerfile,
      buildargs: options.buildargs,
      labels: options.labels,
      ...(options.target ? { target: options.target } : {}),
      rm: true,
      forcerm: true,
    })) as NodeJS.ReadableStream;
    await followProgress(this.docker, stream);
  }

  /** `POST /images/{name}/push`, following progress; returns the pushed digest when reported. */
  async pushImage(ref: string): Promise<string | undefined> {
    this.record("image.push", ref);
    const colon = ref.lastIndexOf(":");
    const name = ref.slice(0, colon);
    const tag = ref.slice(colon + 1);
    const stream = (await this.docker.getImage(name).push({ tag })) as unknown as NodeJS.ReadableStream;
    const events = await followProgress(this.docker, stream);
    for (const e of events) {
      const d = (e as { aux?: { Digest?: string } }).aux?.Digest;
      if (d) return d;
    }
    return undefined;
  }
}

/** The HTTP status of a dockerode error, if any. */
export function statusOf(e: unknown): number | undefined {
  return typeof e === "object" && e !== null && "statusCode" in e ? Number((e as { statusCode: unknown }).statusCode) : undefined;
}

/** The engine's message in a dockerode error. */
export function messageOf(e: unknown): string {
  if (typeof e === "object" && e !== null) {
    const j = (e as { json?: { message?: string } }).json;
    if (j?.message) return j.message;
    if (e instanceof Error) return e.message;
  }
  return String(e);
}

async function ignore304(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (statusOf(e) !== 304) throw e;
  }
}

/** Follows a JSON progress stream; rejects on an `error` event (build and pull failures arrive this way). */
function followProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<object[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, events: object[]) => {
      if (err) return reject(err);
      const bad = events.find((e) => "error" in e || "errorDetail" in e) as { error?: string; errorDetail?: { message?: string } } | undefined;
      if (bad) return reject(new Error(bad.errorDetail?.message ?? bad.error ?? "failed"));
      resolve(events);
    });
  });
}

/** Demultiplexes Docker's stdout/stderr frames (8-byte headers) into text. */
export function demux(buf: Buffer): string {
  if (!Buffer.isBuffer(buf)) return String(buf);
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const type = buf[i];
    if (type !== 0 && type !== 1 && type !== 2) return buf.toString("utf8");
    const len = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return Buffer.concat(parts).toString("utf8");
}

/** The answer, or undefined when the engine says the object does not exist (404). */
async function absentOn404<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}
