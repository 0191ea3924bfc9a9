/**
 * Comparing a desired spec with what the engine reports back. The engine fills in defaults and
 * drops empty fields, so a literal comparison would see drift on every object.
 */

/** Structural equality where absent, null, 0, false, "" and empty collections are all "unset". */
export function same(a: unknown, b: unknown): boolean {
  if (isUnset(a) && isUnset(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function isUnset(v: unknown): boolean {
  if (v === undefined || v === null || v === 0 || v === false || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}
