/**
 * Graph builders for policy tests. Two ways in:
 * - `stackGraph(build, opts)`: real constructs, synthesized (what users get).
 * - `graphWith([...nodes], opts)` with `workload(id, overrides)`, `imageNode(id, ref)`, ...:
 *   plain graph data, for shapes constructs refuse to produce. The workload defaults are the
 *   ones synth gives a Service with no optional props.
 * And `violations(rule, graph, options)` / `findings(graph, ruleId, options)` to run rules, and
 * `describeResourceRule(...)` for the rules that require one resources field.
 */
import { describe, expect, it } from "vitest";
import { StackConfig } from "../../../sdk/config/stack-config.ts";
import { nameFromId } from "../../../sdk/core/names.ts";
import type { RuleId } from "../../../sdk/core/rule-ids.ts";
import { DockerHost, type Target } from "../../../sdk/constructs/targets.ts";
import { Stack } from "../../../sdk/constructs/stack.ts";
import { synth } from "../../../sdk/constructs/synth.ts";
import type { LockFile } from "../../../sdk/config/lock-file.ts";
import { contentHash } from "../../../sdk/graph/canonical.ts";
import {
  Graph,
  SCHEMA_VERSION,
  type Acknowledgement,
  type Edge,
  type GraphNode,
  type ImageSource,
  type NodeSpec,
  type StackSpec,
  type TargetSpec,
  type WorkloadNode,
} from "../../../sdk/graph/schema.ts";
import { DEFAULT_IMAGE_ID, workloadSpec } from "../../support/workload-spec.ts";
import { checkGraph, ruleContext, runRule, type CheckOptions } from "../../../sdk/policy/check.ts";
import type { Finding, Rule, Violation } from "../../../sdk/policy/types.ts";

/** Options of {@link stackGraph}. */
export interface StackGraphOptions {
  /** @default "dev" */
  readonly environment?: string;
  /** @default - from the environment (dev for dev/local/test) */
  readonly profile?: "dev" | "prod";
  /** @default new DockerHost() */
  readonly target?: Target;
  /** Stack config values (`Config.value`, `Secret.fromConfig`). @default {} */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly lock?: LockFile;
  readonly registryAllowlist?: readonly string[];
  readonly requiredLabels?: readonly string[];
}

/** Builds a stack named `shop`, lets `build` add constructs (and waivers), and synthesizes it. */
export function stackGraph(build: (stack: Stack) => void, opts: StackGraphOptions = {}): Graph {
  const stack = new Stack("shop", {
    environment: opts.environment ?? "dev",
    target: opts.target ?? new DockerHost(),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.registryAllowlist ? { registryAllowlist: opts.registryAllowlist } : {}),
    ...(opts.requiredLabels ? { requiredLabels: opts.requiredLabels } : {}),
    config: StackConfig.from(opts.config ?? {}),
  });
  build(stack);
  return synth(stack, { ...(opts.lock ? { lock: opts.lock } : {}) });
}

/** A graph node from an id and a spec (path `shop/<id>`, name and hash derived). */
export function node(id: string, spec: NodeSpec, construct?: string): GraphNode {
  const fallback = spec.kind === "service" ? "Service" : spec.kind === "container" ? "Container" : spec.kind === "job" ? "Job" : spec.kind[0]!.toUpperCase() + spec.kind.slice(1);
  return { id, path: `shop/${id}`, name: nameFromId(id), construct: construct ?? fallback, hash: contentHash(spec), spec };
}

/** A workload node (`kind` in overrides picks service/container/job; Jobs get job defaults). */
export function workload(id: string, overrides: Partial<WorkloadNode> = {}): GraphNode {
  const jobDefaults: Partial<WorkloadNode> =
    overrides.kind === "job" ? { restart: { policy: "on-failure", maxAttempts: 3 }, job: {}, update: undefined, rollback: undefined } : {};
  const spec = workloadSpec({ ...jobDefaults, ...overrides });
  if (spec.update === undefined) delete (spec as { update?: unknown }).update;
  if (spec.rollback === undefined) delete (spec as { rollback?: unknown }).rollback;
  return node(id, spec);
}

/** An image node from a registry reference (`postgres:16.4`) or a build source. */
export function imageNode(id: string, source: string | ImageSource = "docker.io/library/nginx:1.27.0"): GraphNode {
  if (typeof source !== "string") return node(id, { kind: "image", source }, "Image");
  const m = /^([^/]+)\/(.+?)(?::([\w][\w.-]*))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(source);
  if (!m) throw new Error(`imageNode wants registry/repository[:tag][@digest], got ${source}`);
  const ref = { registry: m[1]!, repository: m[2]!, ...(m[3] ? { tag: m[3] } : {}), ...(m[4] ? { digest: m[4] } : {}) };
  return node(id, { kind: "image", source: { kind: "registry", reference: source, ref, ...(ref.digest ? { pinnedBy: "inline" as const } : {}) } }, "Image");
}

/** Options of {@link graphWith}. */
export interface GraphOptions {
  /** @default "dev" */
  readonly profile?: "dev" | "prod";
  /** @default { kind: "docker-host" } */
  readonly target?: TargetSpec;
  /** Extra edges (image/network `uses` edges are derived from the nodes). @default [] */
  readonly edges?: readonly Edge[];
  readonly suppressions?: readonly Acknowledgement[];
  readonly waiversDisabled?: boolean;
  readonly registryAllowlist?: readonly string[];
  readonly requiredLabels?: readonly string[];
  readonly stack?: Partial<StackSpec>;
}

/**
 * A valid graph of stack `shop` from nodes. Adds the default image node when a workload uses
 * `image/app` and it is missing, and `uses` edges from workloads to their image, networks,
 * volumes, secrets and configs.
 */
export function graphWith(nodes: readonly GraphNode[], opts: GraphOptions = {}): Graph {
  const all = [...nodes];
  const ids = new Set(all.map((n) => n.id));
  const edges: Edge[] = [];
  for (const n of nodes) {
    const s = n.spec;
    if (s.kind !== "service" && s.kind !== "container" && s.kind !== "job") continue;
    if (s.image === DEFAULT_IMAGE_ID && !ids.has(DEFAULT_IMAGE_ID)) {
      all.push(imageNode(DEFAULT_IMAGE_ID));
      ids.add(DEFAULT_IMAGE_ID);
    }
    const uses = [s.image, ...s.networks, ...s.volumes.map((v) => v.volume), ...s.secrets.map((x) => x.secret), ...s.configs.map((c) => c.config)];
    for (const to of uses) edges.push({ from: n.id, to, kind: "uses" });
  }
  edges.push(...(opts.edges ?? []));
  all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const profile = opts.profile ?? "dev";
  return Graph.parse({
    schemaVersion: SCHEMA_VERSION,
    stack: {
      name: "shop",
      environment: profile,
      profile,
      target: opts.target ?? { kind: "docker-host" },
      labels: {},
      registryAllowlist: [...(opts.registryAllowlist ?? [])],
      requiredLabels: [...(opts.requiredLabels ?? [])],
      suppressions: [...(opts.suppressions ?? [])],
      waiversDisabled: opts.waiversDisabled ?? false,
      ...opts.stack,
    },
    nodes: all,
    edges,
  });
}

/** A rule's raw violations on a graph (every node of its kinds; profile and target ignored). */
export function violations(rule: Rule, graph: Graph, options: CheckOptions = {}): Violation[] {
  return runRule(rule, ruleContext(graph, options));
}

/** The findings of one rule after the full engine ran (profile, target and waivers applied). */
export function findings(graph: Graph, rule: RuleId, options: CheckOptions = {}): Finding[] {
  return checkGraph(graph, options).findings.filter((f) => f.rule === rule);
}

/**
 * The suite of a rule that requires one resources field: a workload that sets it passes, and
 * every kind of workload without it fails with `messages` (job, container, service, in the
 * order the rule reports them), field `resources.<key>` and found `none`.
 */
export function describeResourceRule(id: RuleId, rule: Rule, set: WorkloadNode["resources"], messages: readonly [job: string, container: string, service: string]): void {
  const field = `resources.${Object.keys(set).join(",")}`;
  describe(id, () => {
    it(`passes a workload that sets ${field}`, () => {
      expect(violations(rule, graphWith([workload("Shop/web", { resources: set })]))).toEqual([]);
    });

    it(`fails every kind of workload without ${field}`, () => {
      const graph = graphWith([workload("Shop/web"), workload("Shop/migrate", { kind: "job" }), workload("Shop/tool", { kind: "container" })]);
      expect(violations(rule, graph).map((v) => [v.field, v.found, v.message])).toEqual(messages.map((m) => [field, "none", m]));
    });
  });
}
