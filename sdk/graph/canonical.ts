import { createHash } from "node:crypto";

/**
 * Canonical JSON: object keys sorted, no `undefined`, no whitespace. The same value always
 * gives the same bytes, which makes synth output and content hashes deterministic.
 */
export function canonicalJson(value: unknown): string {
  // Serialized in one pass, without building a sorted copy first: synth hashes every node, so
  // this is on the hot path of large graphs. Same bytes as JSON.stringify(sortKeys(value)).
  return write(value) ?? (JSON.stringify(value) as string);
}

/** One value as canonical JSON, or undefined where JSON.stringify would drop it. */
function write(value: unknown): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      // undefined, functions and symbols are dropped (members) or become null (array items).
      return undefined;
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += `${i ? "," : ""}${write(value[i]) ?? "null"}`;
    return `${out}]`;
  }
  let out = "{";
  let first = true;
  for (const k of Object.keys(value as object).sort()) {
    const v = write((value as Record<string, unknown>)[k]);
    if (v === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(k)}:${v}`;
    first = false;
  }
  return `${out}}`;
}

/** Pretty canonical JSON (2-space indent, trailing newline) for files humans read. */
export function canonicalJsonPretty(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** sha256 hex of the canonical JSON of a value. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}
