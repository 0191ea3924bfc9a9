/**
 * Small shared helpers for the part-B rules (naming and narrowing live in ../describe.ts):
 * capability names, host paths, the address a published port binds to, single-writer volumes.
 */
import type { PortMapping, TargetKind, WorkloadGraphNode } from "../../graph/schema.ts";
import type { RuleContext } from "../types.ts";

/** Every target (POLICY.md's D S E K). */
export const ALL_TARGETS: readonly TargetKind[] = ["docker-host", "swarm", "fargate", "kubernetes"];

/** Renders a list as it would be written in a construct prop: `["NET_RAW"]`. */
export function renderList(items: readonly string[]): string {
  return JSON.stringify(items);
}

/** A Linux capability name in canonical form: upper case, without the `CAP_` prefix. */
export function capName(cap: string): string {
  const up = cap.trim().toUpperCase();
  return up.startsWith("CAP_") ? up.slice(4) : up;
}

/** Addresses that mean "every interface". */
export function isWildcardIp(ip: string): boolean {
  return ip === "" || ip === "0.0.0.0" || ip === "::" || ip === "[::]";
}

/**
 * The host address a published port binds to, or undefined when it binds every interface.
 * On a Docker host a port without `hostIp` takes the target's `bindAddress`, and dev stacks
 * bind 127.0.0.1 when none is set (DockerHost's documented default). Swarm's ingress publishes
 * on every node, so any `hostIp` is ignored there.
 */
export function boundAddress(port: PortMapping, ctx: RuleContext): string | undefined {
  if (ctx.target === "swarm") return undefined;
  const t = ctx.graph.stack.target;
  const ip = port.hostIp ?? (t.kind === "docker-host" ? (t.bindAddress ?? (ctx.profile === "dev" ? "127.0.0.1" : undefined)) : undefined);
  return ip === undefined || isWildcardIp(ip) ? undefined : ip;
}

/** A host path in canonical absolute form (`/var/run/` → `/var/run`); relative paths stay relative. */
export function normalizeHostPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  const joined = parts.join("/");
  return p.startsWith("/") ? `/${joined}` : joined;
}

/**
 * The volume mounts of a workload whose volume is single-writer (a volume node that is not
 * declared `shared`). Mounts whose id does not resolve are left to graph.refs-resolve.
 */
export function singleWriterMounts(w: WorkloadGraphNode, ctx: RuleContext): { index: number; volume: string }[] {
  const out: { index: number; volume: string }[] = [];
  w.spec.volumes.forEach((m, index) => {
    const v = ctx.nodes.get(m.volume);
    if (v?.spec.kind === "volume" && !v.spec.shared) out.push({ index, volume: m.volume });
  });
  return out;
}
