import type { GraphNode, NodeKind } from "../../graph/schema.ts";
import { isWorkload } from "../../graph/schema.ts";
import type { Rule, RuleContext, Violation } from "../types.ts";
import { describeNode } from "../describe.ts";

/** One id a node's spec refers to, with the kind it must be (undefined: any). */
interface Reference {
  readonly field: string;
  readonly id: string;
  readonly kind?: NodeKind;
}

/** Every id a workload's spec refers to. */
function references(node: GraphNode): Reference[] {
  if (!isWorkload(node)) return [];
  const s = node.spec;
  return [
    { field: "image", id: s.image, kind: "image" },
    ...s.networks.map((id, i) => ({ field: `networks[${i}]`, id, kind: "network" as const })),
    ...s.volumes.map((m, i) => ({ field: `volumes[${i}].volume`, id: m.volume, kind: "volume" as const })),
    ...s.secrets.map((m, i) => ({ field: `secrets[${i}].secret`, id: m.secret, kind: "secret" as const })),
    ...s.configs.map((m, i) => ({ field: `configs[${i}].config`, id: m.config, kind: "config" as const })),
    ...Object.entries(s.env).flatMap(([name, v]) => (v.kind === "ref" ? [{ field: `env.${name}.node`, id: v.node }] : [])),
  ];
}

function checkGraph(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  // Spec references have `uses` edges too; a dangling one is reported once, on its spec field.
  const reported = new Set<string>();
  for (const node of ctx.graph.nodes) {
    for (const ref of references(node)) {
      const target = ctx.nodes.get(ref.id);
      if (target === undefined) {
        reported.add(`${node.id}\u0000${ref.id}`);
        out.push({ node, field: ref.field, found: ref.id, message: `${describeNode(node)} refers to '${ref.id}', which is not in the graph.` });
      } else if (ref.kind !== undefined && target.spec.kind !== ref.kind) {
        out.push({ node, field: ref.field, found: ref.id, message: `${describeNode(node)} uses '${ref.id}' as a ${ref.kind}, but it is a ${target.spec.kind}.` });
      }
    }
  }
  ctx.graph.edges.forEach((e, i) => {
    const from = ctx.nodes.get(e.from);
    if (from === undefined) {
      out.push({ field: `edges[${i}].from`, found: e.from, message: `A ${e.kind} edge starts at '${e.from}', which is not in the graph.` });
    }
    if (!ctx.nodes.has(e.to) && !reported.has(`${e.from}\u0000${e.to}`)) {
      const who = from ? describeNode(from) : `'${e.from}'`;
      out.push({ ...(from ? { node: from } : {}), field: `edges[${i}].to`, found: e.to, message: `${who} ${e.kind === "depends" ? "depends on" : "uses"} '${e.to}', which is not in the graph.` });
    }
  });
  return out;
}

/**
 * graph.refs-resolve (stack-wide): every edge end and every id a workload refers to (image,
 * networks, volumes, secrets, configs, env references) is a node of the graph, of the right kind.
 */
export const graphRefsResolve: Rule = {
  id: "graph.refs-resolve",
  on: ["stack"],
  targets: ["docker-host", "swarm", "fargate", "kubernetes"],
  dev: "E",
  prod: "E",
  mandatory: true,
  why: "a reference to a missing resource fails at deploy time, half-way through, instead of now.",
  fix: "pass the construct itself (networks: [backend]), not a name, and add it to the same stack",
  check(_node, ctx) {
    return checkGraph(ctx);
  },
};
