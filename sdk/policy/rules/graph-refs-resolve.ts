import type { NodeKind, WorkloadGraphNode } from "../../graph/schema.ts";
import { isWorkload } from "../../graph/schema.ts";
import type { Rule, RuleContext, Violation } from "../types.ts";
import { describeNode } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";

/**
 * Checks one id a workload's spec refers to, of the kind it must be (undefined: any). The field
 * is built only for a violation: the rule visits every reference of every workload.
 */
function checkRef(
  node: WorkloadGraphNode,
  id: string,
  kind: NodeKind | undefined,
  field: () => string,
  ctx: RuleContext,
  out: Violation[],
  reported: Set<string>,
): void {
  const target = ctx.nodes.get(id);
  if (target === undefined) {
    reported.add(`${node.id}\u0000${id}`);
    out.push({ node, field: field(), found: id, message: `${describeNode(node)} refers to '${id}', which is not in the graph.` });
  } else if (kind !== undefined && target.spec.kind !== kind) {
    out.push({ node, field: field(), found: id, message: `${describeNode(node)} uses '${id}' as a ${kind}, but it is a ${target.spec.kind}.` });
  }
}

/** Checks every id a workload's spec refers to: image, networks, volumes, secrets, configs, env references. */
function checkRefs(node: WorkloadGraphNode, ctx: RuleContext, out: Violation[], reported: Set<string>): void {
  const s = node.spec;
  checkRef(node, s.image, "image", () => "image", ctx, out, reported);
  s.networks.forEach((id, i) => checkRef(node, id, "network", () => `networks[${i}]`, ctx, out, reported));
  s.volumes.forEach((m, i) => checkRef(node, m.volume, "volume", () => `volumes[${i}].volume`, ctx, out, reported));
  s.secrets.forEach((m, i) => checkRef(node, m.secret, "secret", () => `secrets[${i}].secret`, ctx, out, reported));
  s.configs.forEach((m, i) => checkRef(node, m.config, "config", () => `configs[${i}].config`, ctx, out, reported));
  for (const name in s.env) {
    if (!Object.hasOwn(s.env, name)) continue;
    const v = s.env[name]!;
    if (v.kind === "ref") checkRef(node, v.node, undefined, () => `env.${name}.node`, ctx, out, reported);
  }
}

function checkGraph(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  // Spec references have `uses` edges too; a dangling one is reported once, on its spec field.
  const reported = new Set<string>();
  for (const node of ctx.graph.nodes) {
    if (isWorkload(node)) checkRefs(node, ctx, out, reported);
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
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "Every id the graph refers to is a node of the right kind",
  why: "a reference to a missing resource fails at deploy time, half-way through, instead of now.",
  fix: "pass the construct itself (networks: [backend]), not a name, and add it to the same stack",
  check(_node, ctx) {
    return checkGraph(ctx);
  },
};
