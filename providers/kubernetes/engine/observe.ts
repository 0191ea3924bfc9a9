/**
 * What exists of a stack on the cluster: every object of the managed kinds in the stack's
 * namespace, split into the stack's own (labelled `berth.stack=<stack>`) and others, so a plan
 * sees both its objects and a desired name someone else's object holds. Read requests only.
 */
import { BerthError } from "../../../sdk/core/errors.ts";
import { LABELS } from "../../shared/labels.ts";
import type { KubernetesGraph } from "../target.ts";
import { serverMessage, statusOf, type KubeObject } from "./client.ts";
import type { KubeReader } from "./read-client.ts";
import { MANAGED_KINDS } from "./kinds.ts";

/** The live state of one stack. */
export interface LiveStack {
  /** The stack's objects by `Kind/name`. */
  readonly owned: ReadonlyMap<string, KubeObject>;
  /** Objects of the managed kinds the stack does not own, by `Kind/name`. */
  readonly foreign: ReadonlyMap<string, KubeObject>;
}

/** The key of an object in a {@link LiveStack}. */
export function liveKey(kind: string, name: string): string {
  return `${kind}/${name}`;
}

/** True when Berth's labels say the object belongs to `stack`. */
export function ownedBy(o: KubeObject, stack: string): boolean {
  return o.metadata.labels?.[LABELS.stack] === stack;
}

/**
 * Lists the stack's namespace (and the Namespace itself) once per kind. A server that does not
 * answer, or refuses a list (RBAC), fails as `engine.unreachable` naming the server and what it
 * said, before anything is applied or after a run lost it.
 */
/** What observing needs: reads, and (from the full client) the server to name in an error. */
type Observer = Pick<KubeReader, "read" | "list"> & { server?(): Promise<string> };

export async function observeStack(client: Observer, graph: KubernetesGraph): Promise<LiveStack> {
  try {
    return await observe(client, graph);
  } catch (e) {
    if (e instanceof BerthError) throw e;
    const server = client.server ? await client.server().catch(() => "(kubeconfig)") : "(kubeconfig)";
    const status = statusOf(e);
    throw new BerthError({
      code: "engine.unreachable",
      path: graph.stack,
      field: "target",
      found: server,
      message: status === undefined ? `The Kubernetes API server did not answer while Berth read the stack's objects: ${serverMessage(e)}.` : `The Kubernetes API server refused to list the stack's objects in namespace '${graph.namespace}' (HTTP ${status}): ${serverMessage(e)}.`,
      fix: status === undefined ? "check KUBECONFIG (or the target's context) and that the cluster runs: kubectl version" : "use a kubeconfig whose user may list the stack's kinds in its namespace: kubectl auth can-i list deployments -n <namespace>",
    });
  }
}

async function observe(client: Observer, graph: KubernetesGraph): Promise<LiveStack> {
  const owned = new Map<string, KubeObject>();
  const foreign = new Map<string, KubeObject>();
  const put = (o: KubeObject) => (ownedBy(o, graph.stack) ? owned : foreign).set(liveKey(o.kind, o.metadata.name), o);
  const ns = await client.read<KubeObject>("v1", "Namespace", graph.namespace);
  if (!ns) return { owned, foreign };
  put({ ...ns, apiVersion: "v1", kind: "Namespace" });
  const lists = await Promise.all(
    MANAGED_KINDS.filter((k) => k.kind !== "Namespace").map(async (k) =>
      (await client.list<KubeObject>(k.apiVersion, k.kind, graph.namespace)).map((o) => ({ ...o, apiVersion: k.apiVersion, kind: k.kind })),
    ),
  );
  for (const o of lists.flat()) put(o);
  return { owned, foreign };
}
