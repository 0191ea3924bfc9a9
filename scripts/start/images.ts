/**
 * The images the shop dev stack runs when Docker Hub is unreachable. They are made by
 * scripts/offline-images.sh --local, the same script `.ci/run` uses, so there is one way to
 * make them.
 */
import { join } from "node:path";
import Docker from "dockerode";
import { runLines } from "./lines.ts";

/** The stack config keys (stacks/dev/index.ts) that name the images, and the local images for them. */
export function localImageConfig(namespace: string): Record<string, string> {
  return {
    BERTH_CONFIG_DBIMAGE: `${namespace}/postgres:15`,
    BERTH_CONFIG_WEBBASEIMAGE: `${namespace}/debian:bookworm`,
  };
}

/**
 * Makes whatever of {@link localImageConfig}'s images is missing (a no-op when all exist),
 * reporting the script's progress lines through `say`. Resolves with the script's exit code:
 * 0 ready, 3 a missing prerequisite (debootstrap, root, the docker CLI) it has explained on
 * stderr, anything else a failed step it has explained too.
 */
export function makeLocalImages(root: string, env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<number> {
  return runLines("bash", [join(root, "scripts/offline-images.sh"), "--local"], { cwd: root, env }, (line) =>
    say(line.replace(/^offline-images: /, "")),
  );
}

/** The images of `names` the engine does not have, so the progress line can say what will be made. */
export async function absentImages(names: readonly string[]): Promise<string[]> {
  const docker = new Docker();
  const present = await Promise.all(names.map((n) => docker.getImage(n).inspect().then(() => true, () => false)));
  return names.filter((_, i) => !present[i]);
}
