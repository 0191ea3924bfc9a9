/**
 * Registry HTTP API v2: resolves an image tag to its manifest digest with
 * `HEAD /v2/<repo>/manifests/<tag>` (anonymous bearer tokens when the registry asks; plain
 * http for loopback registries). Used by `berth lock`.
 */
import { BerthError } from "../../sdk/core/errors.ts";
import type { Graph, ImageRef } from "../../sdk/graph/schema.ts";

/** Media types a digest may be taken from: manifest lists / indexes first, so the digest is multi-platform. */
export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
].join(", ");

/** True for registries on this machine, which are spoken to over plain http. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/** The base URL of a registry's API. */
export function registryBase(registry: string): string {
  if (registry === "docker.io") return "https://registry-1.docker.io";
  return `${isLoopbackRegistry(registry) ? "http" : "https"}://${registry}`;
}

/** The reference as written in berth.lock keys (no digest), e.g. `docker.io/library/postgres:16.4`. */
export function lockKey(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}`;
}

/** Resolves a tagged reference to its digest. */
export async function resolveDigest(ref: ImageRef, fetchImpl: typeof fetch = fetch): Promise<string> {
  const tag = ref.tag ?? "latest";
  const url = `${registryBase(ref.registry)}/v2/${ref.repository}/manifests/${encodeURIComponent(tag)}`;
  const fail = (why: string): never => {
    throw new BerthError({
      code: "lock.resolve",
      path: lockKey(ref),
      field: "image",
      found: url,
      message: `Could not resolve ${lockKey(ref)} to a digest: ${why}.`,
      fix: "check the reference and that the registry is reachable (berth lock needs network access to it)",
    });
  };
  const head = (auth?: string) =>
    fetchImpl(url, { method: "HEAD", headers: { Accept: MANIFEST_ACCEPT, ...(auth ? { Authorization: auth } : {}) } }).catch((e: unknown) =>
      fail(e instanceof Error ? `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ""}` : String(e)),
    );
  let res = await head();
  if (res.status === 401) {
    const token = await bearerToken(res.headers.get("www-authenticate"), fetchImpl);
    if (token) res = await head(`Bearer ${token}`);
  }
  if (res.status === 404) fail(`the registry has no tag '${tag}' in ${ref.repository}`);
  if (!res.ok) fail(`the registry answered ${res.status}`);
  const digest = res.headers.get("docker-content-digest");
  if (!digest || !/^sha256:[a-f0-9]{64}$/.test(digest)) fail("the registry sent no Docker-Content-Digest header");
  return digest!;
}

/** Anonymous token from a `Bearer realm=...,service=...,scope=...` challenge. */
async function bearerToken(challenge: string | null, fetchImpl: typeof fetch): Promise<string | undefined> {
  if (!challenge || !/^Bearer /i.test(challenge)) return undefined;
  const params = Object.fromEntries([...challenge.slice(7).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  if (!params.realm) return undefined;
  const u = new URL(params.realm);
  if (params.service) u.searchParams.set("service", params.service);
  if (params.scope) u.searchParams.set("scope", params.scope);
  const r = await fetchImpl(u);
  if (!r.ok) return undefined;
  const body = (await r.json()) as { token?: string; access_token?: string };
  return body.token ?? body.access_token;
}

/** Every registry image of a graph that a lock pins (tagged, not pinned inline), by lock key. */
export function lockableImages(graph: Graph): Map<string, ImageRef> {
  const out = new Map<string, ImageRef>();
  for (const n of graph.nodes) {
    if (n.spec.kind !== "image" || n.spec.source.kind !== "registry" || n.spec.source.pinnedBy === "inline") continue;
    const { digest: _digest, ...ref } = n.spec.source.ref;
    void _digest;
    out.set(lockKey(ref), ref);
  }
  return out;
}
