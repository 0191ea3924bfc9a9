/**
 * Where a published port binds on the host. One answer for every rule that asks (net.*): the
 * Docker host lowering binds the same way (providers/docker/lower.ts).
 */
import type { PortMapping } from "../../graph/schema.ts";
import type { RuleContext } from "../types.ts";

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
export function boundAddress(port: PortMapping, ctx: Pick<RuleContext, "graph" | "target" | "profile">): string | undefined {
  if (ctx.target === "swarm") return undefined;
  const t = ctx.graph.stack.target;
  const ip = port.hostIp ?? (t.kind === "docker-host" ? (t.bindAddress ?? (ctx.profile === "dev" ? "127.0.0.1" : undefined)) : undefined);
  return ip === undefined || isWildcardIp(ip) ? undefined : ip;
}
