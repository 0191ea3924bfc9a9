/**
 * Secret values for swarm: resolved at apply time by the shared resolver (stack config,
 * environment, files) and hashed into the content version of the secret's name.
 * The value itself goes only into `POST /secrets/create`.
 */
import { createHash } from "node:crypto";
import type { Graph, SecretSource } from "../../../sdk/graph/schema.ts";
import { resolveSecretValue, type SecretSources } from "../../shared/secret-values.ts";
import type { SwarmSecretNode } from "../target.ts";

/** The value of a secret, or a BerthError (without any value) naming what is missing. */
export function resolveSecret(id: string, path: string, from: SecretSource, sources: SecretSources): Buffer {
  return resolveSecretValue({ secret: id, path, field: `secrets.${id}`, usedAs: `docker secret ${id}`, from }, sources);
}

/** The value of a lowered secret node. */
export function secretValue(node: SwarmSecretNode, sources: SecretSources): Buffer {
  return resolveSecret(node.source, node.path, node.from, sources);
}

/**
 * The content version of every secret of a portable graph: sha256 of the stack, the secret id
 * and the value. Only its first 8 hex digits reach the name; the stack and id in the hash keep
 * equal values of different secrets from sharing a version.
 */
export function secretVersions(graph: Graph, sources: SecretSources): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of graph.nodes) {
    if (n.spec.kind !== "secret") continue;
    const value = resolveSecret(n.id, n.path, n.spec.source, sources);
    out[n.id] = createHash("sha256").update(`${graph.stack.name}\u0000${n.id}\u0000`).update(value).digest("hex");
  }
  return out;
}
