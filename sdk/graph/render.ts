import type { Graph } from "./schema.ts";

/** Renders the graph as a Mermaid flowchart (`berth graph --format mermaid`). */
export function toMermaid(graph: Graph): string {
  const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, "_");
  const lines = ["flowchart TD"];
  for (const n of graph.nodes) lines.push(`  ${id(n.id)}["${n.spec.kind}: ${n.id}"]`);
  for (const e of graph.edges) {
    const label = e.kind === "depends" ? `|${e.condition ?? "started"}|` : "";
    lines.push(`  ${id(e.from)} ${e.kind === "depends" ? "==>" : "-.->"}${label} ${id(e.to)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Renders the graph in Graphviz DOT (`berth graph --format dot`). */
export function toDot(graph: Graph): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [`digraph ${q(graph.stack.name)} {`, "  rankdir=LR;"];
  for (const n of graph.nodes) lines.push(`  ${q(n.id)} [label=${q(`${n.spec.kind}\n${n.id}`)}];`);
  for (const e of graph.edges) {
    const attrs = e.kind === "depends" ? `label=${q(e.condition ?? "started")}` : "style=dashed";
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [${attrs}];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
