/**
 * When zod generates validator code, in one place. zod can validate three ways, with the same
 * results and the same errors:
 *
 * 1. its interpreter (`{ jitless: true }`): no start-up cost, slowest per object;
 * 2. its default, which generates code per object schema on first use: tens of milliseconds of
 *    code generation per schema, which a ten-node CLI run never wins back;
 * 3. `z.compile(schema)`, one generated validator for the whole schema: costs the most up front
 *    and is the fastest over thousands of values.
 *
 * Berth starts every schema on (1) and moves a schema on once the work in sight repays the
 * generated code: graph-sized values by their node count, props schemas by how often this
 * process has parsed them. The thresholds come from `npm run bench -- synth` and the no-op
 * `berth up` start-up (docs/design-notes.md, "CLI start-up").
 */

/** A graph-sized value with this many nodes is parsed with (2) rather than (1). */
export const JIT_FROM_NODES = 300;
/** {@link Graph} is compiled (3) for a graph of this many nodes... */
export const COMPILE_GRAPH_AT_NODES = 1000;
/** ...or once this many nodes have been validated in this process. */
export const COMPILE_GRAPH_AT_TOTAL_NODES = 5000;
/** A props schema is compiled (3) after this many parses in this process. */
export const COMPILE_PROPS_AFTER_PARSES = 500;

/** Parse options for a value holding `nodes` graph nodes: (1) below {@link JIT_FROM_NODES}, else (2). */
export function parseOptionsFor(nodes: number): { readonly jitless: boolean } {
  return { jitless: nodes < JIT_FROM_NODES };
}
