/**
 * POLICY.md's Docker host target rules (res.fits-host, net.port-conflict). They run on the
 * lowered graph, because only there are replicas expanded and bind addresses decided. Pure
 * functions returning findings; the policy engine applies waivers.
 */
import type { Finding, Rule, Violation } from "../../sdk/policy/types.ts";
import type { DockerContainerNode, DockerGraph } from "./target.ts";

/** Options of the Docker host target rules. */
export interface DockerRuleOptions {
  /** CPUs of the engine (`docker info` NCPU). @default - res.fits-host is not checked */
  readonly engineCpus?: number;
}

/** A target rule over the lowered Docker graph. */
export interface DockerTargetRule {
  readonly id: "res.fits-host" | "net.port-conflict";
  readonly check: (graph: DockerGraph, options: DockerRuleOptions) => readonly Finding[];
}

function containers(graph: DockerGraph): DockerContainerNode[] {
  return graph.nodes.filter((n): n is DockerContainerNode => n.kind === "docker.container");
}

/** res.fits-host: a container's CPU limit must not exceed the engine's CPUs (the engine refuses it). */
export const fitsHost: DockerTargetRule = {
  id: "res.fits-host",
  check(graph, { engineCpus }) {
    if (engineCpus === undefined) return [];
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const c of containers(graph)) {
      const nano = c.create.HostConfig.NanoCpus;
      if (nano === undefined || nano <= engineCpus * 1e9 || seen.has(c.source)) continue;
      seen.add(c.source);
      out.push({
        rule: "res.fits-host",
        severity: "error",
        path: c.path,
        node: c.source,
        field: "resources.cpu",
        found: String(nano / 1e9),
        message: `'${c.source}' asks for ${nano / 1e9} CPUs but the Docker host has ${engineCpus}.`,
        why: "the engine rejects a container whose CPU limit exceeds the host's CPUs, so the deploy would fail halfway.",
        fix: `resources: { cpu: ${engineCpus} } (or less), or deploy to a larger host`,
      });
    }
    return out;
  },
};

const ANY = new Set(["0.0.0.0", "", "::"]);

/** net.port-conflict: two containers never publish the same host address, port and protocol. */
export const portConflict: DockerTargetRule = {
  id: "net.port-conflict",
  check(graph) {
    const out: Finding[] = [];
    const taken: { ip: string; port: string; proto: string; by: DockerContainerNode }[] = [];
    for (const c of containers(graph)) {
      for (const [key, bindings] of Object.entries(c.create.HostConfig.PortBindings)) {
        const proto = key.split("/")[1] ?? "tcp";
        for (const b of bindings) {
          const clash = taken.find((t) => t.port === b.HostPort && t.proto === proto && (t.ip === b.HostIp || ANY.has(t.ip) || ANY.has(b.HostIp)));
          if (clash) {
            const other = clash.by.source === c.source ? `another replica of '${c.source}'` : `'${clash.by.source}'`;
            out.push({
              rule: "net.port-conflict",
              severity: "error",
              path: c.path,
              node: c.source,
              field: "ports",
              found: `${b.HostIp}:${b.HostPort}/${proto}`,
              message: `'${c.name}' publishes ${b.HostIp}:${b.HostPort}/${proto}, which ${other} (${clash.by.name}) already publishes.`,
              why: "one host port can be bound once; the second container would fail to start.",
              fix: clash.by.source === c.source ? "publish no host port on a replicated service (put a proxy in front), or replicas: 1" : "publish a different host port on one of them",
            });
          } else {
            taken.push({ ip: b.HostIp, port: b.HostPort, proto, by: c });
          }
        }
      }
    }
    return out;
  },
};

/** The Docker host target rules, in catalogue order. */
export const DOCKER_TARGET_RULES: readonly DockerTargetRule[] = [fitsHost, portConflict];

/** Runs every Docker host target rule on a lowered graph. */
export function checkDockerTarget(graph: DockerGraph, options: DockerRuleOptions = {}): Finding[] {
  return DOCKER_TARGET_RULES.flatMap((r) => r.check(graph, options));
}

/**
 * The Docker host target rules that the built-in pack lacks, as policy-engine rules
 * (sdk/policy `extraRules`): res.fits-host. (net.port-conflict is in the built-in pack on the
 * portable graph; the engine also checks the lowered form, replicas included, before applying.)
 * They run on each workload node, read the lowered graph from `ctx.lowered`, and so get the
 * pack's profiles, waivers and message format.
 */
export function dockerPolicyRules(options: DockerRuleOptions = {}): Rule[] {
  return [fitsHost].map((r): Rule => ({
    id: r.id,
    on: ["service", "container", "job"],
    targets: ["docker-host"],
    dev: "E",
    prod: "E",
    mandatory: false,
    why: "the engine rejects a container whose CPU limit exceeds the host's CPUs.",
    fix: "lower resources.cpu to what the host has",
    check(node, ctx) {
      const lowered = ctx.lowered as DockerGraph | undefined;
      if (!node || !lowered || lowered.schemaVersion === undefined) return [];
      return r
        .check(lowered, options)
        .filter((f) => f.node === node.id)
        .map((f): Violation => ({ node, field: f.field, found: f.found, message: f.message, fix: f.fix }));
    },
  }));
}
