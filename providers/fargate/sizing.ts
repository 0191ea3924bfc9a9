/**
 * Fargate task sizes: Fargate runs a task only at one of a fixed set of cpu/memory pairs, so a
 * workload's limits are rounded up to the smallest pair that holds them. Pure and table-driven;
 * the table is the set of pairs ECS accepts for the FARGATE launch type.
 */

/** The memory sizes (MiB) Fargate accepts for one cpu size (units: 1024 = one vCPU). */
interface SizeRow {
  readonly cpu: number;
  readonly memoryMiB: readonly number[];
}

/** `from` to `to` inclusive, every `step`. */
function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let m = from; m <= to; m += step) out.push(m);
  return out;
}

/** Every valid task size, cpu ascending, memory ascending within a cpu. */
export const FARGATE_SIZES: readonly SizeRow[] = [
  { cpu: 256, memoryMiB: [512, 1024, 2048] },
  { cpu: 512, memoryMiB: range(1024, 4096, 1024) },
  { cpu: 1024, memoryMiB: range(2048, 8192, 1024) },
  { cpu: 2048, memoryMiB: range(4096, 16384, 1024) },
  { cpu: 4096, memoryMiB: range(8192, 30720, 1024) },
  { cpu: 8192, memoryMiB: range(16384, 61440, 4096) },
  { cpu: 16384, memoryMiB: range(32768, 122880, 8192) },
];

/** A task size: cpu units and memory in MiB. */
export interface TaskSize {
  readonly cpu: number;
  readonly memoryMiB: number;
}

/** True when Fargate accepts the pair as a task size. */
export function isValidFargateSize(size: TaskSize): boolean {
  return FARGATE_SIZES.some((r) => r.cpu === size.cpu && r.memoryMiB.includes(size.memoryMiB));
}

/**
 * The smallest valid pair with at least `cpu` units and `memoryMiB` MiB: the lowest cpu size
 * that can hold both, then the lowest memory of that size. Undefined when no pair is that large.
 */
export function smallestFargateSize(need: TaskSize): TaskSize | undefined {
  for (const row of FARGATE_SIZES) {
    if (row.cpu < need.cpu) continue;
    const memoryMiB = row.memoryMiB.find((m) => m >= need.memoryMiB);
    if (memoryMiB !== undefined) return { cpu: row.cpu, memoryMiB };
  }
  return undefined;
}

/** The valid memory sizes of a cpu size, as messages list them (`1024-4096 MiB step 1024`). */
export function describeMemoryFor(cpu: number): string | undefined {
  const row = FARGATE_SIZES.find((r) => r.cpu === cpu);
  if (!row) return undefined;
  const m = row.memoryMiB;
  if (row.cpu === 256) return m.join(", ") + " MiB";
  return `${m[0]}-${m[m.length - 1]} MiB step ${m[1]! - m[0]!}`;
}
