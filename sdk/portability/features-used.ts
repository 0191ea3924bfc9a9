/**
 * Which capability-table features a portable graph uses, and where. Pure: the same graph gives
 * the same list, in FEATURES order, nodes in graph order.
 */
import { FEATURES, type Feature } from "../core/features.ts";
import { isWorkload, type Edge, type Graph, type GraphNode, type WorkloadGraphNode } from "../graph/schema.ts";

/** One use of a feature by one node. */
export interface FeatureUse {
  readonly feature: Feature;
  /** Node id, e.g. `Shop/web`. */
  readonly node: string;
  /** Field path in the node's spec that turns the feature on, e.g. `privileged`. */
  readonly field: string;
  /** The value found there, rendered. */
  readonly found: string;
}

/** A feature and the nodes that use it. */
export interface FeatureUsage {
  readonly feature: Feature;
  /** Node ids, in graph order. */
  readonly nodes: readonly string[];
  /** Each use, with the field and value (for findings). */
  readonly uses: readonly FeatureUse[];
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

/** Every feature one node uses, with the field that turns it on. */
export function nodeFeatures(node: GraphNode, graph: Graph, dependsBySource: ReadonlyMap<string, readonly Edge[]> = dependsIndex(graph)): FeatureUse[] {
  const uses: FeatureUse[] = [];
  const use = (feature: Feature, field: string, found: unknown) =>
    uses.push({ feature, node: node.id, field, found: render(found) });
  const spec = node.spec;
  switch (spec.kind) {
    case "image":
      use(spec.source.kind === "registry" ? "image.registry" : "image.build", "source.kind", spec.source.kind);
      break;
    case "network":
      use("network", "kind", "network");
      if (spec.internal) use("network.internal", "internal", true);
      break;
    case "volume":
      use("volume", "kind", "volume");
      if (spec.shared) use("volume.shared", "shared", true);
      break;
    case "secret":
      if (spec.source.kind === "aws-secrets-manager" || spec.source.kind === "aws-ssm") use("secret.aws", "source.kind", spec.source.kind);
      if (spec.source.kind === "kubernetes") use("secret.kubernetes", "source.kind", spec.source.kind);
      break;
    case "config":
      break;
    default:
      if (isWorkload(node)) uses.push(...workloadFeatures(node, dependsBySource.get(node.id) ?? []));
  }
  return uses;
}

function workloadFeatures(node: WorkloadGraphNode, depends: readonly Edge[]): FeatureUse[] {
  const uses: FeatureUse[] = [];
  const use = (feature: Feature, field: string, found: unknown) =>
    uses.push({ feature, node: node.id, field, found: render(found) });
  const w = node.spec;
  use(w.kind, "kind", w.kind);
  if (w.secrets.length > 0) use("secret", "secrets", w.secrets.map((s) => `[secret:${s.target}]`).join(", "));
  if (w.configs.length > 0) use("config", "configs", w.configs.map((c) => c.target).join(", "));
  const published = w.ports.filter((p) => p.published !== undefined);
  if (published.length > 0) use("ports.published", "ports", published.map((p) => `${p.published}:${p.container}/${p.protocol}`).join(", "));
  const bound = w.ports.filter((p) => p.hostIp !== undefined);
  if (bound.length > 0) use("ports.hostIp", "ports.hostIp", bound.map((p) => p.hostIp).join(", "));
  if (w.healthcheck) {
    use("healthcheck", "healthcheck", w.healthcheck.test.kind);
    if (w.healthcheck.test.kind !== "command") use("healthcheck.http", "healthcheck.test.kind", w.healthcheck.test.kind);
  }
  for (const e of depends) {
    const condition = e.condition ?? "started";
    use(`dependsOn.${condition}`, "dependsOn", `${e.to} (${condition})`);
  }
  const r = w.resources;
  if (r.cpu !== undefined || r.memoryBytes !== undefined) use("resources.limits", "resources", { cpu: r.cpu, memoryBytes: r.memoryBytes });
  if (r.cpuReservation !== undefined || r.memoryReservationBytes !== undefined) {
    use("resources.reservations", "resources", { cpuReservation: r.cpuReservation, memoryReservationBytes: r.memoryReservationBytes });
  }
  if (r.pids !== undefined) use("resources.pids", "resources.pids", r.pids);
  if (w.logging) {
    use("logging", "logging.driver", w.logging.driver);
    if (w.logging.driver !== "json-file" && w.logging.driver !== "local") use("logging.driver", "logging.driver", w.logging.driver);
  }
  if (w.user !== undefined) {
    use("hardening.user", "user", w.user);
    if (!NUMERIC_USER.test(w.user)) use("hardening.userName", "user", w.user);
  }
  if (w.readOnlyRootFilesystem) use("hardening.readOnlyRootFilesystem", "readOnlyRootFilesystem", true);
  if (w.capabilities.drop.length > 0) use("hardening.capabilities", "capabilities.drop", w.capabilities.drop.join(", "));
  if (w.capabilities.add.length > 0) use("hardening.capabilities.add", "capabilities.add", w.capabilities.add.join(", "));
  if (w.noNewPrivileges) use("hardening.noNewPrivileges", "noNewPrivileges", true);
  if (w.init) use("hardening.init", "init", true);
  if (w.seccompProfile !== undefined) use("hardening.seccomp", "seccompProfile", w.seccompProfile);
  if (w.privileged) use("privileged", "privileged", true);
  if (w.hostNetwork) use("hostNetwork", "hostNetwork", true);
  if (w.hostPid || w.hostIpc) use("hostPidIpc", w.hostPid ? "hostPid" : "hostIpc", true);
  if (w.devices.length > 0) use("devices", "devices", w.devices.join(", "));
  if (w.binds.length > 0) use("binds", "binds", w.binds.map((b) => `${b.source}:${b.path}`).join(", "));
  if (w.tmpfs.length > 0) use("tmpfs", "tmpfs", w.tmpfs.map((t) => t.path).join(", "));
  // Every service carries update settings (synth fills defaults); a rolling update only
  // means something when there is more than one replica to roll.
  if (w.update && w.replicas > 1) use("update", "update", `order ${w.update.order}, failure ${w.update.failureAction}`);
  if (w.stopGracePeriodMs !== undefined) use("stopGracePeriod", "stopGracePeriodMs", w.stopGracePeriodMs);
  return uses;
}

/**
 * The features `graph` uses, in FEATURES order, each with the nodes that use it (graph order).
 * Features nobody uses are left out.
 */
export function featuresUsed(graph: Graph): FeatureUsage[] {
  const byFeature = new Map<Feature, FeatureUse[]>();
  const depends = dependsIndex(graph);
  for (const node of graph.nodes) {
    // A node uses a feature once, even when several fields turn it on (two depends edges).
    const mine = new Map<Feature, FeatureUse>();
    for (const u of nodeFeatures(node, graph, depends)) {
      const existing = mine.get(u.feature);
      mine.set(u.feature, existing ? { ...existing, found: `${existing.found}; ${u.found}` } : u);
    }
    for (const [feature, u] of mine) {
      const list = byFeature.get(feature) ?? [];
      list.push(u);
      byFeature.set(feature, list);
    }
  }
  return FEATURES.filter((f) => byFeature.has(f)).map((feature) => {
    const uses = byFeature.get(feature)!;
    return { feature, nodes: uses.map((u) => u.node), uses };
  });
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
