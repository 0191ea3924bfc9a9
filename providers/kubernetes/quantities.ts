/**
 * Portable quantities (cores, bytes, milliseconds) as Kubernetes quantities and seconds. Each
 * picks the largest exact unit, so the manifest reads as a person would write it (`256Mi`,
 * `250m`) and two lowerings of one value are the same string.
 */

const BINARY = [
  ["Ei", 2 ** 60],
  ["Pi", 2 ** 50],
  ["Ti", 2 ** 40],
  ["Gi", 2 ** 30],
  ["Mi", 2 ** 20],
  ["Ki", 2 ** 10],
] as const;

/** Bytes as a quantity in the largest binary unit that divides them exactly (`10Gi`, `1536Mi`, `1000`). */
export function bytesQuantity(bytes: number): string {
  for (const [unit, size] of BINARY) if (bytes % size === 0) return `${bytes / size}${unit}`;
  return String(bytes);
}

/** Cores as a CPU quantity: whole cores plainly (`2`), otherwise millicores rounded up (`250m`), so a limit never shrinks. */
export function cpuQuantity(cores: number): string {
  if (Number.isInteger(cores)) return String(cores);
  return `${Math.ceil(Math.round(cores * 1e6) / 1e3)}m`;
}

/** Milliseconds as whole seconds, rounded up (a grace period or deadline never shrinks), at least `min`. */
export function seconds(ms: number, min = 0): number {
  return Math.max(min, Math.ceil(ms / 1000));
}
