import { isWorkload, type Edge, type Graph } from "../graph/schema.ts";

/**
 * Per-graph indexes that rules share, built once per graph on first use. Rules run once per
 * node; scanning every edge or node inside a rule makes a check quadratic in the graph size.
 */
interface Index {
  readonly edgesFrom: Map<string, Edge[]>;
  readonly secretConfigKeys: Map<string, string>;
  /** Built on first use (only rules that meet a literal host need it). */
  workloadHostnames?: Map<string, string>;
}

const indexes = new WeakMap<Graph, Index>();

function indexOf(graph: Graph): Index {
  let index = indexes.get(graph);
  if (!index) {
    const edgesFrom = new Map<string, Edge[]>();
    for (const e of graph.edges) {
      const list = edgesFrom.get(e.from) ?? [];
      list.push(e);
      edgesFrom.set(e.from, list);
    }
    const secretConfigKeys = new Map<string, string>();
    for (const n of graph.nodes) {
      if (n.spec.kind === "secret" && n.spec.source.kind === "config") secretConfigKeys.set(n.spec.source.key, n.id.split("/").pop()!);
    }
    index = { edgesFrom, secretConfigKeys };
    indexes.set(graph, index);
  }
  return index;
}

/** The edges that start at node `id`, in graph order. */
export function edgesFrom(graph: Graph, id: string): readonly Edge[] {
  return indexOf(graph).edgesFrom.get(id) ?? [];
}

/** Config keys that back a `Secret.fromConfig`, to the secret's name. */
export function secretConfigKeys(graph: Graph): ReadonlyMap<string, string> {
  return indexOf(graph).secretConfigKeys;
}

/**
 * Names a workload answers to that people hard-code, lower case, to the workload's id: its
 * platform name and the last id segment. Later workloads win a shared name.
 */
export function workloadHostnames(graph: Graph): ReadonlyMap<string, string> {
  const index = indexOf(graph);
  if (!index.workloadHostnames) {
    const names = new Map<string, string>();
    for (const n of graph.nodes) {
      if (!isWorkload(n)) continue;
      names.set(n.name.toLowerCase(), n.id);
      names.set(n.id.split("/").pop()!.toLowerCase(), n.id);
    }
    index.workloadHostnames = names;
  }
  return index.workloadHostnames;
}
