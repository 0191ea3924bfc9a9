/**
 * The shop on Fargate (fixtures/shop, prod profile), synthesized and lowered, for the lowering,
 * export, rule and moto tests; and a node lookup narrowed to its kind.
 */
import { synth } from "../../../sdk/index.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import type { FargateGraph, FargateNode } from "../../../providers/fargate/target.ts";
import shop from "./fixtures/shop/index.ts";

/** The shop's database password: it must never appear in a target graph or an export. */
export const CANARY = "canary-fargate-never-exported";
export const DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/** The shop's portable graph. */
export function shopPortable(): Graph {
  return synth(shop);
}

/** The shop lowered for Fargate. */
export function shopFargate(): FargateGraph {
  return lowerFargate(shopPortable());
}

/** A node by id, narrowed to its kind. */
export function nodeOf<K extends FargateNode["kind"]>(g: FargateGraph, id: string, kind: K): Extract<FargateNode, { kind: K }> {
  const n = g.nodes.find((x) => x.id === id);
  if (!n || n.kind !== kind) throw new Error(`no ${kind} ${id} (ids: ${g.nodes.map((x) => x.id).join(", ")})`);
  return n as Extract<FargateNode, { kind: K }>;
}
