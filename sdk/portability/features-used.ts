/**
 * Which capability-table features a portable graph uses, and where. Pure: the same graph gives
 * the same list, in FEATURES order, nodes in graph order. A use is explicit when the program set
 * the field, and not when the field holds Berth's secure default (the workload's `defaults`).
 */
import { FEATURES, type Feature } from "../core/features.ts";
import { isWorkload, type DefaultedField, type Edge, type Graph, type GraphNode, type WorkloadGraphNode } from "../graph/schema.ts";

/** One use of a feature by one node. */
export interface FeatureUse {
  readonly feature: Feature;
  /** Node id, e.g. `Shop/web`. */
  readonly node: string;
  /** Field path in the node's spec that turns the feature on, e.g. `privileged`. */
  readonly field: string;
  /** The value found there, rendered. */
  readonly found: string;
  /** False when the field holds Berth's secure default: the program did not set it. */
  readonly explicit: boolean;
}

/** A feature and the nodes that use it. */
export interface FeatureUsage {
  readonly feature: Feature;
  /** Node ids, in graph order. */
  readonly nodes: readonly string[];
  /** The ids of `nodes` that use the feature only through Berth's secure defaults, in graph order. */
  readonly byDefault: readonly string[];
  /** Each use, with the field and value (for findings). */
  readonly uses: readonly FeatureUse[];
}

/** The nodes using one feature, as {@link featureNodes} gives them. */
export interface FeatureNodes {
  /** Node ids, in graph order. */
  readonly nodes: string[];
  /** The ids of `nodes` that use the feature only through Berth's secure defaults, in graph order. */
  readonly byDefault: string[];
}

const NUMERIC_USER = /^\d+(:\d+)?$/;

/** Renders a found value for a finding: strings as they are, records as `key: value` pairs. */
function render(found: unknown): string {
  if (typeof found === "string") return found;
  if (found !== null && typeof found === "object" && !Array.isArray(found)) {
    return Object.entries(found)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(", ");
  }
  return JSON.stringify(found);
}

/**
 * Where the uses found go: every use with its rendered value (`uses`), or only which nodes use
 * each feature (`nodes`, all the report needs: nothing is rendered).
 */
type Collector =
  | { readonly uses: FeatureUse[]; readonly nodes?: undefined }
  | { readonly uses?: undefined; readonly nodes: Map<Feature, FeatureNodes>; /** Features the current node already used. */ readonly seen: Feature[] };

/**
 * Records one use (`explicit` false: the field holds Berth's default). A module function, not a
 * closure per node: graphs have thousands of nodes.
 */
function use(c: Collector, node: GraphNode, feature: Feature, field: string, found: unknown, explicit = true): void {
  if (c.uses) {
    c.uses.push({ feature, node: node.id, field, found: render(found), explicit });
    return;
  }
  const entry = c.nodes.get(feature);
  // A node uses a feature once, even when several fields turn it on; one explicit use makes it explicit.
  if (c.seen.includes(feature)) {
    if (explicit && entry!.byDefault[entry!.byDefault.length - 1] === node.id) entry!.byDefault.pop();
    return;
  }
  c.seen.push(feature);
  if (entry === undefined) c.nodes.set(feature, { nodes: [node.id], byDefault: explicit ? [] : [node.id] });
  else {
    entry.nodes.push(node.id);
    if (!explicit) entry.byDefault.push(node.id);
  }
}

/** True when the program set `field` itself (it is not among the workload's Berth defaults). */
function isExplicit(node: WorkloadGraphNode, field: DefaultedField): boolean {
  return !node.spec.defaults.includes(field);
}

/** Every feature one node uses, with the field that turns it on. */
export function nodeFeatures(node: GraphNode, graph: Graph, dependsBySource: ReadonlyMap<string, readonly Edge[]> = dependsIndex(graph)): FeatureUse[] {
  const uses: FeatureUse[] = [];
  collectNodeFeatures(node, dependsBySource, { uses });
  return uses;
}

/** Appends the features `node` uses to `uses`. */
function collectNodeFeatures(node: GraphNode, dependsBySource: ReadonlyMap<string, readonly Edge[]>, uses: Collector): void {
  const spec = node.spec;
  switch (spec.kind) {
    case "image":
      use(uses, node, spec.source.kind === "registry" ? "image.registry" : "image.build", "source.kind", spec.source.kind);
      break;
    case "network":
      use(uses, node, "network", "kind", "network");
      if (spec.internal) use(uses, node, "network.internal", "internal", true);
      break;
    case "volume":
      use(uses, node, "volume", "kind", "volume");
      if (spec.shared) use(uses, node, "volume.shared", "shared", true);
      break;
    case "secret":
      if (spec.source.kind === "aws-secrets-manager" || spec.source.kind === "aws-ssm") use(uses, node, "secret.aws", "source.kind", spec.source.kind);
      if (spec.source.kind === "kubernetes") use(uses, node, "secret.kubernetes", "source.kind", spec.source.kind);
      break;
    case "config":
      break;
    case "swarm-service":
      use(uses, node, "target.swarm-service", "kind", "swarm-service");
      break;
    case "kubernetes-deployment":
      use(uses, node, "target.kubernetes-deployment", "kind", "kubernetes-deployment");
      break;
    case "fargate-service":
      use(uses, node, "target.fargate-service", "kind", "fargate-service");
      break;
    default:
      if (isWorkload(node)) workloadFeatures(node, dependsBySource.get(node.id) ?? NO_EDGES, uses);
  }
}

const NO_EDGES: readonly Edge[] = [];

function workloadFeatures(node: WorkloadGraphNode, depends: readonly Edge[], uses: Collector): void {
  const w = node.spec;
  use(uses, node, w.kind, "kind", w.kind);
  if (w.secrets.length > 0) use(uses, node, "secret", "secrets", w.secrets.map((s) => `[secret:${s.target}]`).join(", "));
  if (w.configs.length > 0) use(uses, node, "config", "configs", w.configs.map((c) => c.target).join(", "));
  const published = w.ports.filter((p) => p.published !== undefined);
  if (published.length > 0) use(uses, node, "ports.published", "ports", published.map((p) => `${p.published}:${p.container}/${p.protocol}`).join(", "));
  const bound = w.ports.filter((p) => p.hostIp !== undefined);
  if (bound.length > 0) use(uses, node, "ports.hostIp", "ports.hostIp", bound.map((p) => p.hostIp).join(", "));
  if (w.healthcheck) {
    use(uses, node, "healthcheck", "healthcheck", w.healthcheck.test.kind);
    if (w.healthcheck.test.kind !== "command") use(uses, node, "healthcheck.http", "healthcheck.test.kind", w.healthcheck.test.kind);
  }
  for (const e of depends) {
    const condition = e.condition ?? "started";
    use(uses, node, `dependsOn.${condition}`, "dependsOn", `${e.to} (${condition})`);
  }
  const r = w.resources;
  if (r.cpu !== undefined || r.memoryBytes !== undefined) use(uses, node, "resources.limits", "resources", { cpu: r.cpu, memoryBytes: r.memoryBytes });
  if (r.cpuReservation !== undefined || r.memoryReservationBytes !== undefined) {
    use(uses, node, "resources.reservations", "resources", { cpuReservation: r.cpuReservation, memoryReservationBytes: r.memoryReservationBytes });
  }
  if (r.pids !== undefined) use(uses, node, "resources.pids", "resources.pids", r.pids);
  if (w.logging) {
    use(uses, node, "logging", "logging.driver", w.logging.driver, isExplicit(node, "logging"));
    if (w.logging.driver !== "json-file" && w.logging.driver !== "local") use(uses, node, "logging.driver", "logging.driver", w.logging.driver);
  }
  if (w.user !== undefined) {
    use(uses, node, "hardening.user", "user", w.user);
    if (!NUMERIC_USER.test(w.user)) use(uses, node, "hardening.userName", "user", w.user);
  }
  if (w.readOnlyRootFilesystem) use(uses, node, "hardening.readOnlyRootFilesystem", "readOnlyRootFilesystem", true, isExplicit(node, "readOnlyRootFilesystem"));
  if (w.capabilities.drop.length > 0) use(uses, node, "hardening.capabilities", "capabilities.drop", w.capabilities.drop.join(", "), isExplicit(node, "capabilities.drop"));
  if (w.capabilities.add.length > 0) use(uses, node, "hardening.capabilities.add", "capabilities.add", w.capabilities.add.join(", "));
  if (w.noNewPrivileges) use(uses, node, "hardening.noNewPrivileges", "noNewPrivileges", true, isExplicit(node, "noNewPrivileges"));
  if (w.init) use(uses, node, "hardening.init", "init", true, isExplicit(node, "init"));
  if (w.seccompProfile !== undefined) use(uses, node, "hardening.seccomp", "seccompProfile", w.seccompProfile);
  if (w.privileged) use(uses, node, "privileged", "privileged", true);
  if (w.hostNetwork) use(uses, node, "hostNetwork", "hostNetwork", true);
  if (w.hostPid || w.hostIpc) use(uses, node, "hostPidIpc", w.hostPid ? "hostPid" : "hostIpc", true);
  if (w.devices.length > 0) use(uses, node, "devices", "devices", w.devices.join(", "));
  if (w.binds.length > 0) use(uses, node, "binds", "binds", w.binds.map((b) => `${b.source}:${b.path}`).join(", "));
  if (w.tmpfs.length > 0) use(uses, node, "tmpfs", "tmpfs", w.tmpfs.map((t) => t.path).join(", "));
  // Every service carries update settings (synth fills defaults); a rolling update only
  // means something when there is more than one replica to roll. Setting either update or
  // rollback is setting the feature.
  if (w.update && w.replicas > 1) {
    if (!isExplicit(node, "update") && w.rollback && isExplicit(node, "rollback")) use(uses, node, "update", "rollback", `order ${w.rollback.order}, failure ${w.rollback.failureAction}`);
    else use(uses, node, "update", "update", `order ${w.update.order}, failure ${w.update.failureAction}`, isExplicit(node, "update"));
  }
  if (w.stopGracePeriodMs !== undefined) use(uses, node, "stopGracePeriod", "stopGracePeriodMs", w.stopGracePeriodMs);
}

/**
 * The features `graph` uses, in FEATURES order, each with the nodes that use it (graph order).
 * Features nobody uses are left out.
 */
export function featuresUsed(graph: Graph): FeatureUsage[] {
  const byFeature = new Map<Feature, FeatureUse[]>();
  const depends = dependsIndex(graph);
  const mine: FeatureUse[] = [];
  const collector: Collector = { uses: mine };
  const folded: FeatureUse[] = [];
  for (const node of graph.nodes) {
    mine.length = 0;
    folded.length = 0;
    collectNodeFeatures(node, depends, collector);
    // A node uses a feature once, even when several fields turn it on (two depends edges):
    // later uses fold into the first. A node has a handful of uses, so a scan beats a map.
    for (const u of mine) {
      const i = folded.findIndex((f) => f.feature === u.feature);
      if (i < 0) folded.push(u);
      else folded[i] = { ...folded[i]!, found: `${folded[i]!.found}; ${u.found}`, explicit: folded[i]!.explicit || u.explicit };
    }
    for (const u of folded) {
      const list = byFeature.get(u.feature);
      if (list) list.push(u);
      else byFeature.set(u.feature, [u]);
    }
  }
  return FEATURES.filter((f) => byFeature.has(f)).map((feature) => {
    const uses = byFeature.get(feature)!;
    return { feature, nodes: uses.map((u) => u.node), byDefault: uses.filter((u) => !u.explicit).map((u) => u.node), uses };
  });
}

/**
 * The ids of the nodes using each feature (graph order), for the features `graph` uses: the
 * `nodes` and `byDefault` of {@link featuresUsed} without rendering every use, which the report
 * does not need.
 */
export function featureNodes(graph: Graph): Map<Feature, FeatureNodes> {
  const nodes = new Map<Feature, FeatureNodes>();
  const depends = dependsIndex(graph);
  const seen: Feature[] = [];
  const collector: Collector = { nodes, seen };
  for (const node of graph.nodes) {
    seen.length = 0;
    collectNodeFeatures(node, depends, collector);
  }
  return nodes;
}

/** `depends` edges by their source node, built once per graph. */
function dependsIndex(graph: Graph): Map<string, Edge[]> {
  const index = new Map<string, Edge[]>();
  for (const e of graph.edges) {
    if (e.kind !== "depends") continue;
    const list = index.get(e.from) ?? [];
    list.push(e);
    index.set(e.from, list);
  }
  return index;
}
