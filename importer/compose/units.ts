/**
 * Compose sizes and durations as numbers: `512m`, `1g`, `1.5G`, `1024` (bytes); `1m30s`,
 * `500ms`, `10` (seconds, as docker-compose reads bare numbers in durations).
 */
export function parseSize(v: string | number): number {
  if (typeof v === "number") return v;
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg])?i?b?$/i.exec(v.trim());
  if (!m) throw new Error(`not a size: ${v}`);
  const f = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? "b").toLowerCase() as "b" | "k" | "m" | "g"];
  return Math.round(Number(m[1]) * f);
}

/** Milliseconds of a compose duration (`1h2m3s4ms`, `90s`, or a bare number of seconds). */
export function parseDurationMs(v: string | number): number {
  if (typeof v === "number") return v * 1000;
  let total = 0;
  let consumed = 0;
  for (const m of v.trim().matchAll(/(\d+(?:\.\d+)?)(ms|us|h|m|s)/g)) {
    total += Number(m[1]) * { ms: 1, us: 0.001, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms"];
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== v.trim().length) throw new Error(`not a duration: ${v}`);
  return Math.round(total);
}
