import { z } from "zod";
import { Graph } from "./schema.ts";

/** The IR as JSON Schema (draft 2020-12), generated from the zod schemas (`berth schema`). */
export function graphJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Graph, { target: "draft-2020-12", reused: "ref" }) as Record<string, unknown>;
}
