/**
 * The swarm engine's door to Docker: the swarm endpoints (services, tasks, secrets, configs)
 * on top of the Docker host's {@link DockerEngineClient}, whose dockerode instance and mutation
 * record it shares, so one list proves that a second `up` changes nothing.
 */
import type Docker from "dockerode";
import { DockerEngineClient, statusOf } from "../../shared/docker-api/client.ts";
import { LABELS } from "../../shared/labels.ts";
import type { ServiceSpec } from "../target.ts";

/** A service as `GET /services` returns it (the fields Berth reads). */
export interface LiveService {
  readonly ID: string;
  readonly Version: { readonly Index: number };
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly Spec: ServiceSpec & { TaskTemplate: { ForceUpdate?: number; ContainerSpec: { Secrets?: { SecretName: string; SecretID: string }[]; Configs?: { ConfigName: string; ConfigID: string }[] } } };
  readonly UpdateStatus?: { readonly State?: string; readonly Message?: string; readonly StartedAt?: string; readonly CompletedAt?: string };
  readonly JobStatus?: { readonly JobIteration?: { readonly Index: number } };
}

/** A task as `GET /tasks` returns it (the fields Berth reads). */
export interface LiveTask {
  readonly ID: string;
  readonly ServiceID: string;
  readonly Slot?: number;
  readonly NodeID?: string;
  readonly CreatedAt: string;
  readonly DesiredState: string;
  readonly JobIteration?: { readonly Index: number };
  /** The TaskTemplate the task was created from. */
  readonly Spec: Record<string, unknown>;
  readonly Status: { readonly State: string; readonly Err?: string; readonly Message?: string; readonly ContainerStatus?: { readonly ContainerID?: string; readonly ExitCode?: number } };
}

/** A secret or a config as listed (never with its data). */
export interface LiveSecret {
  readonly ID: string;
  readonly Spec: { readonly Name: string; readonly Labels?: Record<string, string> };
}

/** Swarm calls; mutating ones are recorded in the shared {@link DockerEngineClient.mutations}. */
export class SwarmClient {
  readonly engine: DockerEngineClient;

  constructor(engine: DockerEngineClient = new DockerEngineClient()) {
    this.engine = engine;
  }

  /** The dockerode instance. */
  get docker(): Docker {
    return this.engine.docker;
  }

  private record(op: string, target: string): void {
    this.engine.mutations.push({ op, target });
  }

  /** One Engine API call: `method path?query` with a JSON body. */
  private dial<T>(method: "GET" | "POST" | "DELETE", path: string, query: Record<string, string | number | boolean> = {}, body?: unknown): Promise<T> {
    // docker-modem appends `options._query` to a path ending in `?` and sends `_body` as JSON.
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: `${path}?`,
          method,
          statusCodes: { 200: true, 201: true, 204: true, 304: true, 400: "bad parameter", 404: "no such object", 409: "conflict", 500: "server error", 503: "node is not part of a swarm" },
          options: { _query: query, ...(body === undefined ? {} : { _body: body }) },
        } as never,
        (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as T)),
      );
    });
  }

  // ------------------------------------------------------------ reads

  /** `GET /info` with the swarm section. */
  info(): Promise<{ Name: string; NCPU: number; Swarm: { LocalNodeState: string; ControlAvailable: boolean; NodeID: string } }> {
    return this.docker.info() as never;
  }

  /** Services of a stack, with their update status. */
  listServices(stack: string): Promise<LiveService[]> {
    return this.dial("GET", "/services", { filters: JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }) });
  }

  /** Services with exactly this name (any owner). */
  async listServicesByName(name: string): Promise<LiveService[]> {
    const all = await this.dial<LiveService[]>("GET", "/services", { filters: JSON.stringify({ name: [name] }) });
    return all.filter((s) => s.Spec.Name === name);
  }

  /** `GET /services/{id}`, or undefined when gone. */
  async inspectService(id: string): Promise<LiveService | undefined> {
    try {
      return await this.dial<LiveService>("GET", `/services/${encodeURIComponent(id)}`);
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  /** Tasks of one service (every desired state). */
  listTasks(serviceId: string): Promise<LiveTask[]> {
    return this.dial("GET", "/tasks", { filters: JSON.stringify({ service: [serviceId] }) });
  }

  /** Secrets of a stack. */
  listSecrets(stack: string): Promise<LiveSecret[]> {
    return this.dial("GET", "/secrets", { filters: JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }) });
  }

  /** Configs of a stack. */
  listConfigs(stack: string): Promise<LiveSecret[]> {
    return this.dial("GET", "/configs", { filters: JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }) });
  }

  /** Secrets or configs with exactly this name (any owner). */
  async listByName(kind: "secrets" | "configs", name: string): Promise<LiveSecret[]> {
    const all = await this.dial<LiveSecret[]>("GET", `/${kind}`, { filters: JSON.stringify({ name: [name] }) });
    return all.filter((s) => s.Spec.Name === name);
  }

  // ------------------------------------------------------------ writes (counted)

  /** `POST /services/create`; returns the service id. */
  async createService(spec: unknown, name: string): Promise<string> {
    this.record("service.create", name);
    const r = await this.dial<{ ID: string }>("POST", "/services/create", {}, spec);
    return r.ID;
  }

  /** `POST /services/{id}/update?version=N`: a rolling update to `spec`. */
  async updateService(id: string, version: number, spec: unknown, name: string): Promise<string[]> {
    this.record("service.update", name);
    const r = await this.dial<{ Warnings?: string[] | null }>("POST", `/services/${encodeURIComponent(id)}/update`, { version }, spec);
    return r?.Warnings ?? [];
  }

  /** `DELETE /services/{id}` (gone already is fine). */
  async removeService(id: string, name: string): Promise<void> {
    this.record("service.remove", name);
    try {
      await this.dial("DELETE", `/services/${encodeURIComponent(id)}`);
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /** `POST /secrets/create` or `/configs/create`; `data` is base64-encoded here and recorded nowhere. */
  async createSecret(kind: "secrets" | "configs", name: string, labels: Record<string, string>, data: Buffer): Promise<string> {
    this.record(kind === "secrets" ? "secret.create" : "config.create", name);
    const r = await this.dial<{ ID: string }>("POST", `/${kind}/create`, {}, { Name: name, Labels: labels, Data: data.toString("base64") });
    return r.ID;
  }

  /** `DELETE /secrets/{id}` or `/configs/{id}` (gone already is fine). */
  async removeSecret(kind: "secrets" | "configs", id: string, name: string): Promise<void> {
    this.record(kind === "secrets" ? "secret.remove" : "config.remove", name);
    try {
      await this.dial("DELETE", `/${kind}/${encodeURIComponent(id)}`);
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }
}
