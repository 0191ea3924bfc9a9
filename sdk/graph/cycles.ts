import type { Edge } from "./schema.ts";

/**
 * Finds dependency cycles among `depends` edges. Each cycle is returned as the list of node
 * ids along it, closing on the first id (`a → b → a`). Deterministic: nodes are visited in
 * sorted order.
 */
export function findCycles(edges: readonly Edge[]): string[][] {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (e.kind !== "depends") continue;
    const list = out.get(e.from) ?? [];
    list.push(e.to);
    out.set(e.from, list);
  }
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, "visiting");
    stack.push(id);
    for (const next of [...(out.get(id) ?? [])].sort()) {
      const s = state.get(next);
      if (s === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].sort().join("|");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (s === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, "done");
  };
  for (const id of [...out.keys()].sort()) if (!state.has(id)) visit(id);
  return cycles;
}

/**
 * Orders node ids so that every `depends` and `uses` target comes before its source.
 * Returns levels: nodes in the same level do not depend on each other. Assumes no cycles.
 */
export function dependencyLevels(ids: readonly string[], edges: readonly Edge[]): string[][] {
  const deps = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
  for (const e of edges) if (deps.has(e.from) && deps.has(e.to)) deps.get(e.from)!.add(e.to);
  const levels: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < ids.length) {
    const level = ids.filter((id) => !placed.has(id) && [...deps.get(id)!].every((d) => placed.has(d))).sort();
    if (level.length === 0) throw new Error("dependencyLevels: cycle in graph");
    for (const id of level) placed.add(id);
    levels.push(level);
  }
  return levels;
}
