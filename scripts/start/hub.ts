/** Can this machine reach Docker Hub? Decides which images `npm start` runs. */

/** Docker Hub's registry API; any HTTP answer (401 without a token) means it is reachable. */
export const HUB_URL = "https://registry-1.docker.io/v2/";

/** The outcome of {@link hubReachable}: a yes/no and why, for the progress line. */
export interface HubProbe {
  readonly reachable: boolean;
  readonly reason: string;
}

/**
 * Decides whether Docker Hub is used. `BERTH_OFFLINE=1` forces the no-Hub path (and `0` the Hub
 * path) without asking the network; otherwise a HEAD request with a short timeout decides, so a
 * machine without a route does not wait for a long TCP timeout.
 */
export async function hubReachable(env: NodeJS.ProcessEnv = process.env, timeoutMs = 3_000): Promise<HubProbe> {
  if (env.BERTH_OFFLINE === "1") return { reachable: false, reason: "BERTH_OFFLINE=1" };
  if (env.BERTH_OFFLINE === "0") return { reachable: true, reason: "BERTH_OFFLINE=0" };
  try {
    const r = await fetch(HUB_URL, { method: "HEAD", signal: AbortSignal.timeout(timeoutMs) });
    return { reachable: true, reason: `${HUB_URL} answered HTTP ${r.status}` };
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
    return { reachable: false, reason: `${HUB_URL}: ${cause}` };
  }
}
