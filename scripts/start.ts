/**
 * `npm start`: deploys the shop dev stack (stacks/dev) to the local Docker engine and prints
 * its URL, on a machine that has nothing but a running dockerd.
 *
 * Which images run is stack config (12-factor III), and this script is the one that decides it,
 * per machine: with Docker Hub reachable the stack's defaults (postgres:16.4, a web image built
 * on debian:bookworm); without it, images made here (scripts/offline-images.sh --local), named
 * through BERTH_CONFIG_DBIMAGE and BERTH_CONFIG_WEBBASEIMAGE. Values already in the environment
 * win, like every BERTH_CONFIG_* key.
 *
 * Environment: BERTH_OFFLINE=1 takes the no-Hub path without probing (0: the Hub path);
 * BERTH_LOCAL_IMAGES names the local images' namespace (default berth-local); DOCKER_HOST.
 */
import { resolve } from "node:path";
import { engineEndpoint, engineProblem } from "./start/engine.ts";
import { hubReachable } from "./start/hub.ts";
import { absentImages, localImageConfig, makeLocalImages } from "./start/images.ts";
import { deployDev } from "./start/deploy.ts";

const ROOT = resolve(import.meta.dirname, "..");
const say = (line: string): void => void process.stdout.write(`berth start: ${line}\n`);
const fail = (line: string): void => void process.stderr.write(`berth start: ${line}\n`);

async function main(): Promise<number> {
  const problem = await engineProblem();
  if (problem) {
    fail(`${problem}\n  Nothing was deployed.`);
    return 1;
  }
  say(`Docker engine at ${engineEndpoint()} answers`);

  const env: NodeJS.ProcessEnv = { ...process.env };
  const hub = await hubReachable();
  if (hub.reachable) {
    say(`Docker Hub reachable (${hub.reason}) — using the stack's configured images (unless set: postgres:16.4, web built on debian:bookworm)`);
  } else {
    const wanted = localImageConfig(process.env.BERTH_LOCAL_IMAGES || "berth-local");
    const missing = Object.entries(wanted).filter(([key]) => env[key] === undefined);
    if (missing.length === 0) {
      say(`Docker Hub unreachable (${hub.reason}) — using the images BERTH_CONFIG_DBIMAGE and BERTH_CONFIG_WEBBASEIMAGE name`);
    } else {
      const absent = await absentImages(missing.map(([, image]) => image));
      say(
        absent.length > 0
          ? `Docker Hub unreachable (${hub.reason}) — building local images ${absent.join(", ")} (debootstrap, then a postgres build: a few minutes, once)…`
          : `Docker Hub unreachable (${hub.reason}) — using the local images made before`,
      );
      const code = await makeLocalImages(ROOT, env, (line) => say(`  ${line}`));
      if (code !== 0) {
        fail(`could not make the local images (exit ${code}, see above). Nothing was deployed.`);
        return 1;
      }
      for (const [key, value] of missing) {
        env[key] = value;
        say(`${key}=${value}`);
      }
    }
  }

  say("berth up stacks/dev");
  const { code, urls } = await deployDev(ROOT, env);
  if (code !== 0) {
    fail(`berth up stacks/dev failed (exit ${code}, see above).`);
    return code;
  }
  const url = urls[0];
  say(url ? `the shop is up: ${url}/ (orders: ${url}/cgi-bin/orders; remove it with \`npx berth down stacks/dev\`)` : "the shop is up, but berth up printed no URL");
  return url ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    fail(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
