/** Process exit codes (DESIGN.md §9). */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  findings: 3,
  changes: 4,
} as const;
