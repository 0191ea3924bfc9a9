/**
 * Shared by config.from-stack and config.no-hardcoded-endpoints: finding the host an env value
 * names, and whether that host is one the graph already knows.
 */
import type { Graph } from "../../graph/schema.ts";
import { workloadHostnames } from "../graph-index.ts";
import { isWildcardIp } from "./host-address.ts";

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*$/;
const IPV6_BRACKETED = /^\[[0-9a-fA-F:.]+\]$/;
const IPV6 = /^[0-9a-fA-F]*:[0-9a-fA-F:]+$/;
const URL_HOST = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/;
const HOST_PORT = /^(\[[^\]]+\]|[^:/\s]+):(\d{1,5})$/;
const HOST_NAME = /(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|ENDPOINT)$/i;

/** The host an env value addresses: `scheme://[user@]host[:port]...` or a bare `host:port`. */
export function hostOf(value: string): string | undefined {
  // Both shapes need a ':' (`://` or `:port`); most env values have none.
  if (!value.includes(":")) return undefined;
  const url = URL_HOST.exec(value.trim());
  if (url) return url[1]!;
  const bare = HOST_PORT.exec(value.trim());
  return bare ? bare[1]! : undefined;
}

/** True for an IPv4 address or a bracketed IPv6 literal. */
export function isIpAddress(host: string): boolean {
  return IPV4.test(host) || IPV6_BRACKETED.test(host) || IPV6.test(host);
}

/** True when a variable's name says it holds a host (`DB_HOST`, `REDIS_ADDR`, `API_ENDPOINT`). */
export function namesAHost(name: string): boolean {
  return HOST_NAME.test(name);
}

/**
 * Why the env var `name = value` hard-codes an endpoint, or undefined: an IP address,
 * localhost, or the name of another workload in the graph (which should be
 * `workload.hostname`). A bare word counts as a workload's name only when the variable's name
 * says it holds a host, so `MODE=web` is not mistaken for the `web` service. `self` is the node
 * being checked (its own name is not "another" workload).
 */
export function hardcodedEndpoint(name: string, value: string, graph: Graph, self: string): string | undefined {
  const trimmed = value.trim();
  let host = hostOf(trimmed);
  if (host === undefined && (isIpAddress(trimmed) || trimmed.toLowerCase() === "localhost" || (namesAHost(name) && HOST.test(trimmed)))) host = trimmed;
  // Listen-all addresses are bind settings, not endpoints.
  if (host === undefined || isWildcardIp(host)) return undefined;
  if (isIpAddress(host)) return `the IP address ${host}`;
  if (host.toLowerCase() === "localhost") return "localhost";
  const target = workloadHostnames(graph).get(host.toLowerCase());
  if (target !== undefined && target !== self) return `the literal hostname of ${target}`;
  return undefined;
}
