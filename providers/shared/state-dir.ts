/** Where Berth keeps per-stack state on the machine running it (secret files, stack locks). */
export function stateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.BERTH_STATE_DIR ?? "/var/lib/berth";
}
