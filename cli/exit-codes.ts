/** Process exit codes: 0 ok, 1 failed, 2 usage, 3 policy or portability findings, 4 `plan --exit-code` found changes. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  findings: 3,
  changes: 4,
} as const;
