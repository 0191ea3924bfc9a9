/**
 * The only door from Berth's Kubernetes engine to the API server: a thin wrapper over
 * `@kubernetes/client-node` that records every mutating request (server-side apply, create,
 * delete) in {@link KubeClient.mutations}, so a test can prove that an up-to-date stack is
 * confirmed with read requests only. Stack-lock requests (the Lease) are counted apart in
 * {@link KubeClient.lockRequests}: they guard a run and change no object of the stack. Below
 * those, {@link KubeClient.requests} records every HTTP request the library sends (method and
 * path), at the one place each request passes: its authentication. That is what a test reads to
 * prove a count, since nothing can reach the server without it.
 *
 * The client library is loaded on first use, not when the CLI starts: most commands on other
 * targets never need it.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { BerthError } from "../../../sdk/core/errors.ts";
import { MANAGED_KINDS } from "./kinds.ts";

/** The field manager of every server-side apply Berth makes. */
export const FIELD_MANAGER = "berth";

/** Any Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    generation?: number;
    uid?: string;
    creationTimestamp?: string | Date;
    ownerReferences?: { kind: string; name: string; uid: string }[];
    deletionTimestamp?: string | Date;
  };
  // The rest is the kind's own (spec, status, data...).
  [field: string]: unknown;
}

/** A mutating request, as recorded by {@link KubeClient}. */
export interface MutatingRequest {
  readonly op: "apply" | "create" | "delete" | "replace";
  /** `Kind/namespace/name`. */
  readonly target: string;
}

/** An HTTP request the client library sent, as recorded by {@link KubeClient}. */
export interface SentRequest {
  /** `GET`, `PATCH`, `POST`, `PUT`, `DELETE`. */
  readonly method: string;
  /** The URL's path and query (`/apis/apps/v1/namespaces/x/deployments/web?fieldManager=berth`). */
  readonly path: string;
}

type ClientNode = typeof import("@kubernetes/client-node");

/**
 * The Kubernetes client, loaded with Node's `require` on first use: commands on other targets
 * never read it. The CLI runs from a bundle evaluated as a script, where a dynamic `import()` of
 * a package is not available without an experimental flag; Node 20 requires an ES module
 * package like this one (synchronously, without a warning). From the bundle, `__filename` is
 * the bundle (node_modules is beside it); from the sources, this module's own URL.
 */
function loadClientNode(): ClientNode {
  const from = typeof __filename === "string" ? __filename : fileURLToPath(import.meta.url);
  const require = createRequire(from);
  passRawJson(require("@kubernetes/client-node/dist/serializer.js") as SerializerModule);
  return require("@kubernetes/client-node") as ClientNode;
}

/** The library's serializer, where models of other kinds can be registered. */
interface SerializerModule {
  readonly ObjectSerializer: {
    registerModel(gvk: { group: string; version: string; kind: string }, serializer: { serialize(d: unknown): unknown; deserialize(d: unknown): unknown }): void;
    getSerializerForObject(o: unknown): unknown;
  };
}

/**
 * Makes the library send and return the kinds Berth applies as the JSON the API speaks. By
 * default it maps objects to its generated models on the way out and back, renaming fields
 * whose JSON name is a reserved word: a NetworkPolicy's `from` is the model's `_from`, so a
 * manifest written as the API defines it lost its `from` peers on the way out (an ingress rule
 * of `{}`: traffic from anywhere) and diffs against read-back objects saw `_from`. Berth's
 * manifests are API JSON, so these kinds (and their lists) pass through as they are.
 */
function passRawJson(m: SerializerModule): void {
  const raw = { serialize: (d: unknown) => d, deserialize: (d: unknown) => d };
  const kinds = [...MANAGED_KINDS.map((k) => ({ apiVersion: k.apiVersion, kind: k.kind })), { apiVersion: "apps/v1", kind: "ReplicaSet" }];
  for (const { apiVersion, kind } of kinds) {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    for (const k of [kind, `${kind}List`]) {
      if (m.ObjectSerializer.getSerializerForObject({ apiVersion, kind: k })) continue;
      m.ObjectSerializer.registerModel({ group: group!, version: version!, kind: k }, raw);
    }
  }
}
interface Apis {
  readonly lib: ClientNode;
  readonly kc: import("@kubernetes/client-node").KubeConfig;
  readonly objects: import("@kubernetes/client-node").KubernetesObjectApi;
  readonly core: import("@kubernetes/client-node").CoreV1Api;
  readonly version: import("@kubernetes/client-node").VersionApi;
  readonly server: string;
}

/** The HTTP status of an API error, if it is one. */
export function statusOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/** The API server's own message of an error (its Status `message`), else the error's. */
export function serverMessage(e: unknown): string {
  const body = (e as { body?: unknown } | null)?.body;
  if (typeof body === "string") {
    try {
      const status = JSON.parse(body) as { message?: string };
      if (status.message) return status.message;
    } catch {
      // Not JSON: fall through to the error's own message.
    }
  }
  if (body && typeof body === "object" && typeof (body as { message?: unknown }).message === "string") return (body as { message: string }).message;
  return e instanceof Error ? e.message.split("\n")[0]! : String(e);
}

/** `Kind/namespace/name` of an object, for records and messages. */
export function ref(o: Pick<KubeObject, "kind" | "metadata">): string {
  return `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
}

/** Every request Berth's Kubernetes engine makes; see the module comment. */
export class KubeClient {
  /** Mutating requests on the stack's objects, in order. */
  readonly mutations: MutatingRequest[] = [];
  /** Mutating requests on the stack's Lease (the lock), in order. */
  readonly lockRequests: MutatingRequest[] = [];
  /** Every HTTP request sent to the API server, reads included, in order. */
  readonly requests: SentRequest[] = [];
  private apis?: Promise<Apis>;

  /** @param context kubeconfig context; absent: the kubeconfig's current one (`KUBECONFIG` is honoured). */
  constructor(readonly context?: string) {}

  private load(): Promise<Apis> {
    return (this.apis ??= (async () => {
      const lib = loadClientNode();
      const kc = new lib.KubeConfig();
      kc.loadFromDefault();
      if (this.context) {
        if (!kc.getContextObject(this.context)) {
          throw new BerthError({
            code: "kubernetes.context",
            path: "target",
            field: "context",
            found: this.context,
            message: `The kubeconfig has no context '${this.context}' (contexts: ${kc.getContexts().map((c) => c.name).join(", ") || "none"}).`,
            fix: "set KUBECONFIG to the kubeconfig that has it, or fix the Kubernetes target's context",
          });
        }
        kc.setCurrentContext(this.context);
      }
      // Every API call of the library authenticates its request here, just before sending it.
      const authenticate = kc.applySecurityAuthentication.bind(kc);
      kc.applySecurityAuthentication = async (request) => {
        const url = new URL(request.getUrl());
        this.requests.push({ method: request.getHttpMethod().toString(), path: `${url.pathname}${url.search}` });
        return authenticate(request);
      };
      return {
        lib,
        kc,
        objects: lib.KubernetesObjectApi.makeApiClient(kc),
        core: kc.makeApiClient(lib.CoreV1Api),
        version: kc.makeApiClient(lib.VersionApi),
        server: kc.getCurrentCluster()?.server ?? "(no cluster in the kubeconfig)",
      };
    })());
  }

  /** The API server's address, for messages. */
  async server(): Promise<string> {
    return (await this.load()).server;
  }

  /** The server's version (`v1.28.7`). */
  async serverVersion(): Promise<string> {
    return (await (await this.load()).version.getCode()).gitVersion;
  }

  /** Server-side apply with field manager `berth`, forcing conflicts (Berth owns what it declares). */
  async apply<T extends KubeObject>(o: T, record: "mutations" | "lockRequests" = "mutations"): Promise<T> {
    const a = await this.load();
    this[record].push({ op: "apply", target: ref(o) });
    return (await a.objects.patch(o as never, undefined, undefined, FIELD_MANAGER, true, a.lib.PatchStrategy.ServerSideApply)) as unknown as T;
  }

  /**
   * A server-side apply with `dryRun=All`: what the object would become (defaults, admission,
   * merged with other managers' fields), stored nowhere. Not a mutation: `plan` uses it for
   * field-level reasons.
   */
  async dryRunApply<T extends KubeObject>(o: T): Promise<T> {
    const a = await this.load();
    return (await a.objects.patch(o as never, undefined, "All", FIELD_MANAGER, true, a.lib.PatchStrategy.ServerSideApply)) as unknown as T;
  }

  /** Creates an object; fails with 409 when it exists (the Lease uses that). */
  async create<T extends KubeObject>(o: T, record: "mutations" | "lockRequests" = "mutations"): Promise<T> {
    const a = await this.load();
    this[record].push({ op: "create", target: ref(o) });
    return (await a.objects.create(o as never, undefined, undefined, FIELD_MANAGER)) as unknown as T;
  }

  /** Replaces an object (optimistic: `metadata.resourceVersion` must match). */
  async replace<T extends KubeObject>(o: T, record: "mutations" | "lockRequests" = "mutations"): Promise<T> {
    const a = await this.load();
    this[record].push({ op: "replace", target: ref(o) });
    return (await a.objects.replace(o as never, undefined, undefined, FIELD_MANAGER)) as unknown as T;
  }

  /** Deletes an object; true when it existed. `Foreground` waits for dependents (pods) before the object goes. */
  async delete(o: Pick<KubeObject, "apiVersion" | "kind" | "metadata">, propagation: "Foreground" | "Background" = "Background", record: "mutations" | "lockRequests" = "mutations"): Promise<boolean> {
    const a = await this.load();
    this[record].push({ op: "delete", target: ref(o) });
    try {
      await a.objects.delete(o as never, undefined, undefined, undefined, undefined, propagation);
      return true;
    } catch (e) {
      if (statusOf(e) === 404) return false;
      throw e;
    }
  }

  /** Reads an object; undefined when it does not exist. */
  async read<T extends KubeObject>(apiVersion: string, kind: string, name: string, namespace?: string): Promise<T | undefined> {
    const a = await this.load();
    try {
      return (await a.objects.read({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } } as never)) as unknown as T;
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  /** Lists objects of a kind in a namespace (empty when the namespace does not exist). */
  async list<T extends KubeObject>(apiVersion: string, kind: string, namespace: string | undefined, labelSelector?: string, fieldSelector?: string): Promise<T[]> {
    const a = await this.load();
    try {
      const l = await a.objects.list(apiVersion, kind, namespace, undefined, undefined, undefined, fieldSelector, labelSelector);
      return l.items as unknown as T[];
    } catch (e) {
      if (statusOf(e) === 404) return [];
      throw e;
    }
  }

  /**
   * Follows a pod's container log into `out` (from its last `tail` lines; all of it when
   * undefined); `out` ends when the server ends the stream. Abort the returned controller to stop.
   */
  async followPodLog(namespace: string, pod: string, container: string, out: import("node:stream").Writable, tail?: number): Promise<AbortController> {
    const a = await this.load();
    return new a.lib.Log(a.kc).log(namespace, pod, container, out, { follow: true, ...(tail !== undefined ? { tailLines: tail } : {}) });
  }

  /** The last `tail` lines of a pod's container log ("" when it has none yet). */
  async podLog(namespace: string, pod: string, tail: number, container?: string): Promise<string> {
    const a = await this.load();
    try {
      return await a.core.readNamespacedPodLog({ name: pod, namespace, tailLines: tail, ...(container ? { container } : {}) });
    } catch (e) {
      const s = statusOf(e);
      if (s === 400 || s === 404) return "";
      throw e;
    }
  }
}
