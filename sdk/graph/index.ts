export * from "./schema.ts";
export { canonicalJson, canonicalJsonPretty, contentHash } from "./canonical.ts";
export { findCycles, dependencyLevels } from "./cycles.ts";
export { toMermaid, toDot } from "./render.ts";
export { graphJsonSchema } from "./json-schema.ts";
