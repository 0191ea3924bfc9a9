/**
 * Realizing a graph's nodes in dependency order with bounded parallelism, for every engine: a
 * node starts once each node it depends on reached the edge's condition, independent nodes run
 * side by side (the run's semaphore bounds the mutating calls), and once a node failed its
 * dependents never start. Each node is realized once, however many nodes depend on it.
 */
import { Skipped, type ApplyRun } from "./apply-run.ts";
import type { EngineChange } from "./plan.ts";

/** An ordering edge: `from` starts after `to` reached `condition`. */
export interface OrderingEdge<Cond extends string = string> {
  readonly from: string;
  readonly to: string;
  readonly condition: Cond;
}

/** How an engine realizes one node, for {@link dependencyOrder}. */
export interface NodeRealizer<N extends { readonly id: string; readonly kind: string; readonly name: string }, C extends EngineChange, Cond extends string> {
  /** The node and its change when it has work to do; nodes without work count as reached at once. */
  work(id: string): { readonly node: N; readonly change: C } | undefined;
  /** The mutating calls, run under the run's semaphore. */
  mutate(node: N, change: C): Promise<void>;
  /** Reports a mutation that threw (after which the run is aborted). */
  failed(node: N, change: C, error: unknown): void;
  /**
   * After the mutation, waits until the node is ready (running, healthy, converged); on a
   * failure it records it with the run and throws {@link Skipped}.
   * @param t0 when the node started (epoch ms)
   */
  ready(node: N, change: C, t0: number): Promise<void>;
  /**
   * What reaching `condition` takes beyond the node being realized (and ready). Engines whose
   * `ready` already waits for the strongest condition need none.
   * @default - nothing more
   */
  reach?(id: string, condition: Cond): Promise<void>;
}

/** Returns `realize(id)`, memoized, which realizes a node after its dependencies; see the module comment. */
export function dependencyOrder<N extends { readonly id: string; readonly kind: string; readonly name: string }, C extends EngineChange, Cond extends string>(
  run: ApplyRun,
  edges: readonly OrderingEdge<Cond>[],
  realizer: NodeRealizer<N, C, Cond>,
): (id: string) => Promise<void> {
  const deps = new Map<string, OrderingEdge<Cond>[]>();
  for (const e of edges) deps.set(e.from, [...(deps.get(e.from) ?? []), e]);
  const realized = new Map<string, Promise<void>>();
  const reached = new Map<string, Promise<void>>();

  const reach = (id: string, condition: Cond): Promise<void> => {
    const key = `${id}\u0000${condition}`;
    let p = reached.get(key);
    if (!p) {
      const more = realizer.reach;
      p = more ? realize(id).then(() => more(id, condition)) : realize(id);
      reached.set(key, p);
    }
    return p;
  };

  const realize = (id: string): Promise<void> => {
    let p = realized.get(id);
    if (!p) {
      p = (async () => {
        const w = realizer.work(id);
        if (!w) return;
        const { node, change } = w;
        await Promise.all((deps.get(id) ?? []).map((e) => reach(e.to, e.condition)));
        if (run.aborted) throw new Skipped();
        const t0 = Date.now();
        run.emit({ id, kind: node.kind, name: node.name, op: change.op, status: "started", detail: change.fields.join(", ") });
        try {
          await run.step(() => realizer.mutate(node, change));
        } catch (e) {
          if (e instanceof Skipped) throw e;
          realizer.failed(node, change, e);
          throw new Skipped();
        }
        await realizer.ready(node, change, t0);
        run.done({ id, kind: node.kind, name: node.name, op: change.op, status: "done", elapsedMs: Date.now() - t0 });
      })();
      realized.set(id, p);
    }
    return p;
  };
  return realize;
}

/**
 * `ids` sorted so that every node comes after the nodes it depends on (by `edges`), ties by id:
 * the order a file export lists objects in for tools that apply them one after another.
 */
export function dependenciesFirst(ids: readonly string[], edges: readonly OrderingEdge[]): string[] {
  const wanted = new Set(ids);
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (id: string, seen: Set<string>): void => {
    if (done.has(id) || seen.has(id)) return;
    seen.add(id);
    for (const e of edges.filter((x) => x.from === id).sort((a, b) => (a.to < b.to ? -1 : 1))) visit(e.to, seen);
    done.add(id);
    if (wanted.has(id)) out.push(id);
  };
  for (const id of [...ids].sort()) visit(id, new Set());
  return out;
}
