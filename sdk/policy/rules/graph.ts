/** Graph rules: references, dependency cycles, required labels. */
import type { Rule } from "../types.ts";
import { graphLabels } from "./graph-labels.ts";
import { graphNoCycles } from "./graph-no-cycles.ts";
import { graphRefsResolve } from "./graph-refs-resolve.ts";

/** In catalogue order. */
export const GRAPH_RULES: readonly Rule[] = [
  graphRefsResolve,
  graphNoCycles,
  graphLabels,
];
