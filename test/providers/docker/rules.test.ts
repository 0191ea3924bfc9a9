import { describe, expect, it } from "vitest";
import { DockerHost, Image, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { lowerDocker } from "../../../providers/docker/lower.ts";
import { lowerForEngine } from "../../../providers/docker/engine/engine.ts";
import { DOCKER_TARGET_RULES } from "../../../providers/docker/rules.ts";
import { checkGraph, type CheckOptions } from "../../../sdk/policy/check.ts";
import { addApiBehindJob, STACK_DIR } from "./fixture-graph.ts";

const now = new Date("2026-06-15T12:00:00Z");

/** The api service behind a job on a Docker host; `waive` suppresses res.fits-host on the api. */
function small(opts: { cpu?: number; replicas?: number; waive?: boolean } = {}): Graph {
  const stack = new Stack("shop", { environment: "dev", target: new DockerHost(), config: StackConfig.from({ apiKey: "canary-value-never-in-graph" }) });
  const image = Image.fromRegistry("berth-test/busybox:1");
  const { api } = addApiBehindJob(stack, { jobImage: image, apiImage: image, replicas: opts.replicas, cpu: opts.cpu });
  if (opts.waive) stack.policy.suppress("res.fits-host", { on: api, reason: "the CI host is small; prod hosts have 8 CPUs" });
  return synth(stack);
}

/** How `berth check` runs the pack: the graph lowered without touching the engine. */
const asCheck = (graph: Graph, engineCpus: number | undefined): CheckOptions => ({
  now,
  target: { rules: DOCKER_TARGET_RULES, lowered: lowerDocker(graph), facts: { engineCpus } },
});

/** How `berth up` runs it: the engine's lowering and the engine's CPU count. */
const asUp = (graph: Graph, engineCpus: number): CheckOptions => ({
  now,
  stackDir: STACK_DIR,
  target: { rules: DOCKER_TARGET_RULES, lowered: lowerForEngine(graph, STACK_DIR), facts: { engineCpus } },
});

const brief = (options: CheckOptions, graph: Graph) =>
  checkGraph(graph, options).findings.filter((f) => f.rule === "res.fits-host").map((f) => [f.severity, f.path, f.field, f.found, f.message, f.fix, f.suppressed?.reason]);

describe("res.fits-host", () => {
  it("fails a service that asks for more CPUs than the engine has, at the service's construct path", () => {
    const graph = small({ cpu: 4 });
    expect(brief(asCheck(graph, 2), graph)).toEqual([
      ["error", "shop/api", "resources.cpu", "4", "Service 'api' asks for 4 CPUs but the Docker host has 2.", "resources: { cpu: 2 } (or less), or deploy to a larger host", undefined],
    ]);
  });

  it("reports a replicated service once, not once per container", () => {
    const graph = small({ cpu: 4, replicas: 3 });
    expect(brief(asCheck(graph, 2), graph).map((f) => f[1])).toEqual(["shop/api"]);
  });

  it("reads the lowered graph once per check, not once per workload", () => {
    const graph = small({ cpu: 4, replicas: 3 });
    const lowered = lowerDocker(graph);
    let reads = 0;
    const counted = { ...lowered, get nodes() { reads++; return lowered.nodes; } };
    checkGraph(graph, { now, rules: [], target: { rules: DOCKER_TARGET_RULES, lowered: counted, facts: { engineCpus: 2 } } });
    expect(reads).toBe(1);
  });

  it("finds nothing on a graph that fits", () => {
    const graph = small({ cpu: 2 });
    expect(brief(asCheck(graph, 2), graph)).toEqual([]);
  });

  it("is skipped with a note, not a crash, when the engine's CPU count is unknown", () => {
    const graph = small({ cpu: 4 });
    const r = checkGraph(graph, asCheck(graph, undefined));
    expect(r.findings.filter((f) => f.rule === "res.fits-host")).toEqual([]);
    expect(r.skipped).toEqual([{ rule: "res.fits-host", reason: "needs the Docker engine's CPU count (fact 'engineCpus'), which is unknown here" }]);
  });

  it("is suppressed by the stack's waiver with the same verdict whether run the way check or up runs it", () => {
    const graph = small({ cpu: 4, waive: true });
    const check = checkGraph(graph, asCheck(graph, 2));
    const up = checkGraph(graph, asUp(graph, 2));
    const waived = ["error", "shop/api", "resources.cpu", "4", "Service 'api' asks for 4 CPUs but the Docker host has 2.", "resources: { cpu: 2 } (or less), or deploy to a larger host", "the CI host is small; prod hosts have 8 CPUs"];
    expect(brief(asCheck(graph, 2), graph)).toEqual([waived]);
    expect(brief(asUp(graph, 2), graph)).toEqual([waived]);
    expect([up.errors, up.warnings, up.suppressed]).toEqual([check.errors, check.warnings, check.suppressed]);
    expect(up.findings.map((f) => `${f.rule} ${f.path} ${f.suppressed ? "suppressed" : f.severity}`)).toEqual(check.findings.map((f) => `${f.rule} ${f.path} ${f.suppressed ? "suppressed" : f.severity}`));
  });
});

describe("net.port-conflict on a Docker host", () => {
  it("fails two replicas publishing one host port in the portable pack, so check and up agree without the lowered graph", () => {
    const graph = small({ replicas: 2 });
    expect(checkGraph(graph, { now }).findings.filter((f) => f.rule === "net.port-conflict").map((f) => [f.severity, f.path, f.message])).toEqual([
      ["error", "shop/api", "Service 'api' publishes 18080/tcp on 127.0.0.1 from each of its 2 replicas."],
    ]);
  });
});
