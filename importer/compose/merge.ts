import type { MergeTags } from "./source.ts";

/**
 * Merges compose files in order, later files overriding earlier ones, with the spec's rules
 * per field: mappings merge key by key; `command`, `entrypoint` and `healthcheck.test` are
 * replaced; environment-like lists (`environment`, `labels`, `sysctls`, `build.args`) merge
 * by name; `volumes` by container path, `secrets`/`configs` by source; other lists append
 * without duplicates; scalars are replaced. A file's merge tags (`tags[i]`) come first: a
 * value tagged `!override` replaces what earlier files set instead of merging with it, and a
 * key tagged `!reset` is removed (from earlier files and from the tagged file).
 */
export function mergeFiles(files: readonly Record<string, unknown>[], tags: readonly (MergeTags | undefined)[] = []): Record<string, unknown> {
  return files.reduce<Record<string, unknown>>((acc, f, i) => {
    const t = tags[i];
    const base = t ? [...t.override, ...t.reset].reduce(without, acc) : acc;
    const over = t ? t.reset.reduce(without, f) : f;
    return mergeValue(base, over, []) as Record<string, unknown>;
  }, {});
}

/** A copy of `data` without the value at `path` (the same object when there is none). */
function without<T>(data: T, path: readonly (string | number)[]): T {
  const [head, ...rest] = path;
  if (head === undefined || data === null || typeof data !== "object") return data;
  if (Array.isArray(data)) {
    if (typeof head !== "number" || head >= data.length) return data;
    return (rest.length ? data.map((v, i) => (i === head ? without(v, rest) : v)) : data.filter((_, i) => i !== head)) as T;
  }
  const o = data as Record<string, unknown>;
  if (!(String(head) in o)) return data;
  if (rest.length) return { ...o, [head]: without(o[head], rest) } as T;
  const { [String(head)]: _dropped, ...kept } = o;
  return kept as T;
}

const REPLACED = new Set(["command", "entrypoint", "test"]);
const BY_NAME = new Set(["environment", "labels", "sysctls", "args", "extra_hosts", "annotations"]);

function mergeValue(base: unknown, over: unknown, path: readonly string[]): unknown {
  const key = path[path.length - 1] ?? "";
  if (base === undefined) return over;
  if (over === undefined) return base;
  const inService = path[0] === "services" && path.length >= 3;
  if (inService && BY_NAME.has(key)) return { ...toMap(base), ...toMap(over) };
  if (inService && REPLACED.has(key)) return over;
  if (Array.isArray(base) && Array.isArray(over)) {
    if (inService && key === "volumes") return mergeBy(base, over, (v) => (typeof v === "string" ? v.split(":")[1] ?? v : String((v as { target?: string }).target)));
    if (inService && (key === "secrets" || key === "configs")) return mergeBy(base, over, (v) => (typeof v === "string" ? v : String((v as { source?: string }).source)));
    const seen = new Set(base.map((v) => JSON.stringify(v)));
    return [...base, ...over.filter((v) => !seen.has(JSON.stringify(v)))];
  }
  if (isMap(base) && isMap(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeValue(base[k], v, [...path, k]);
    return out;
  }
  return over;
}

function mergeBy(base: unknown[], over: unknown[], keyOf: (v: unknown) => string): unknown[] {
  const out = new Map(base.map((v) => [keyOf(v), v]));
  for (const v of over) out.set(keyOf(v), v);
  return [...out.values()];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `["A=1", "B"]` or `{A: 1}` as a map (a bare name maps to null: taken from the environment). */
export function toMap(v: unknown, sorted = false): Record<string, unknown> {
  if (sorted) return Object.fromEntries(Object.entries(toMap(v)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, x === null ? null : String(x)]));
  if (isMap(v)) return v;
  if (!Array.isArray(v)) return {};
  return Object.fromEntries(
    v.map((item) => {
      const s = String(item);
      const eq = s.indexOf("=");
      return eq < 0 ? [s, null] : [s.slice(0, eq), s.slice(eq + 1)];
    }),
  );
}
