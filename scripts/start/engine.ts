/** Is a Docker engine there? The first thing `npm start` asks, so a missing dockerd is one clear line. */
import Docker from "dockerode";

/** Where dockerode (and the docker CLI) look for the engine: DOCKER_HOST, else the default socket. */
export function engineEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST || "unix:///var/run/docker.sock";
}

/**
 * Pings the engine. Resolves with undefined when it answers, or with an error text that says
 * what failed and how to fix it (the start script prints it and stops before applying anything).
 */
export async function engineProblem(timeoutMs = 5_000): Promise<string | undefined> {
  const endpoint = engineEndpoint();
  try {
    // A dead TCP endpoint can hang instead of refusing: bound the wait.
    await Promise.race([
      new Docker().ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs / 1000} s`)), timeoutMs).unref()),
    ]);
    return undefined;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const fix = /EACCES/.test(reason)
      ? "run as a user who may use the Docker socket (the docker group, or root), then run `npm start` again"
      : "start dockerd: `sudo systemctl start docker`, or `sudo dockerd &` where there is no systemd; then run `npm start` again" +
        (process.env.DOCKER_HOST ? ` (or unset DOCKER_HOST=${process.env.DOCKER_HOST} to use the local engine)` : "");
    return `no Docker engine answers at ${endpoint} (${reason}).\n  Fix: ${fix}.`;
  }
}
