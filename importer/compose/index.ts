/**
 * The compose importer: a compose project in, a typed Berth stack program out.
 * Pipeline: source (load) → interpolate → merge → include → validate → map-* → evaluate/check → emit-*.
 */
export { importCompose, type ImportOptions, type ImportResult } from "./pipeline.ts";
export { writeImport } from "./write.ts";
export { summaryText } from "./emit-report.ts";
