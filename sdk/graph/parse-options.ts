/**
 * How a graph-sized value is validated. zod compiles a schema into generated code on its first
 * use: that pays for itself over thousands of nodes, but costs a CLI run on a ten-node stack
 * more than the parsing it speeds up (tens of milliseconds of code generation per schema). Small
 * graphs are parsed by zod's interpreter instead; the result and the errors are the same.
 */
/** Nodes from which zod's generated parsers are worth their compile time. */
export const JIT_FROM_NODES = 300;

/** Parse options for a value holding `nodes` graph nodes. */
export function parseOptionsFor(nodes: number): { readonly jitless: boolean } {
  return { jitless: nodes < JIT_FROM_NODES };
}
