/**
 * The Docker host target rules: a plain table of policy rules that read the graph lowered for a
 * Docker host (`needs.lowered`) and facts about its engine. Callers run them in the same
 * `checkGraph` pass as the portable pack, so profiles, waivers and message format are the
 * pack's and the verdict is the same wherever the check runs:
 *
 *   checkGraph(graph, { now, stackDir, lock, target: { rules: DOCKER_TARGET_RULES, lowered, facts: { engineCpus } } })
 *
 * Host-port conflicts are not here: net.port-conflict (sdk/policy) judges them on the portable
 * graph, replicas included, with the bind addresses the lowering uses.
 */
import { describeNode } from "../../sdk/policy/describe.ts";

import type { Rule, TargetFacts, Violation } from "../../sdk/policy/types.ts";
import type { DockerContainerNode, DockerGraph } from "./target.ts";

/** What the Docker host rules need to know about the engine; each is optional (unknown: the rule is skipped with a note). */
export interface DockerTargetFacts extends TargetFacts {
  /** CPUs of the engine (`docker info` NCPU). */
  readonly engineCpus?: number;
}

/** One workload's CPU limit, the largest among its containers. */
interface CpuAsk {
  /** Portable node id (`DockerContainerNode.source`). */
  readonly source: string;
  /** Construct path of the workload. */
  readonly path: string;
  readonly role: DockerContainerNode["role"];
  readonly cpus: number;
}

/** The CPU limit each workload asks for, from one pass over the lowered containers. */
export function cpuAsks(lowered: DockerGraph): CpuAsk[] {
  const bySource = new Map<string, CpuAsk>();
  for (const n of lowered.nodes) {
    if (n.kind !== "docker.container" || n.create.HostConfig.NanoCpus === undefined) continue;
    const cpus = n.create.HostConfig.NanoCpus / 1e9;
    const prev = bySource.get(n.source);
    if (!prev || cpus > prev.cpus) bySource.set(n.source, { source: n.source, path: n.path, role: n.role, cpus });
  }
  return [...bySource.values()];
}

const FITS_HOST_FIX = (engineCpus: number) => `resources: { cpu: ${engineCpus} } (or less), or deploy to a larger host`;

/** The message res.fits-host gives, `who` naming the workload (`Service 'api'`). */
function fitsHostMessage(who: string, cpus: number, engineCpus: number): string {
  return `${who} asks for ${cpus} CPUs but the Docker host has ${engineCpus}.`;
}

/**
 * res.fits-host (stack-wide, on the lowered graph): a workload's CPU limit is at most the
 * engine's CPU count. One pass over the lowered containers, reported on the portable node the
 * containers come from (so paths and waivers are the portable ones).
 */
export const resFitsHost: Rule = {
  id: "res.fits-host",
  on: ["stack"],
  targets: ["docker-host"],
  dev: "E",
  prod: "E",
  mandatory: false,
  summary: "A container's CPU limit fits the Docker engine's CPUs",
  why: "the engine rejects a container whose CPU limit exceeds the host's CPUs, so the deploy would fail halfway.",
  fix: "lower resources.cpu to what the host has, or deploy to a larger host",
  needs: { lowered: true, facts: { engineCpus: "the Docker engine's CPU count" } },
  check(_node, ctx) {
    const engineCpus = ctx.facts?.engineCpus;
    const lowered = ctx.lowered as DockerGraph | undefined;
    if (typeof engineCpus !== "number" || !lowered) return [];
    const out: Violation[] = [];
    for (const ask of cpuAsks(lowered)) {
      const node = ctx.nodes.get(ask.source);
      if (!node || ask.cpus <= engineCpus) continue;
      out.push({ node, field: "resources.cpu", found: String(ask.cpus), message: fitsHostMessage(describeNode(node), ask.cpus, engineCpus), fix: FITS_HOST_FIX(engineCpus) });
    }
    return out;
  },
};

/** The Docker host target rules, in catalogue order: pass them as `checkGraph`'s `target.rules`. */
export const DOCKER_TARGET_RULES: readonly Rule[] = [resFitsHost];
