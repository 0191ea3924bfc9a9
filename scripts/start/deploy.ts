/** `berth up stacks/dev`, relayed line by line, with the URLs it ends with picked out. */
import { join } from "node:path";
import { runLines } from "./lines.ts";

/** What {@link deployDev} saw: the exit code of `berth up` and the endpoints it printed. */
export interface Deployed {
  readonly code: number;
  /** `http://...` URLs of the stack's published ports, in the order `berth up` printed them. */
  readonly urls: string[];
}

/** `berth up` ends with one `  <container>: http://<address>:<port>` line per published port. */
const ENDPOINT = /^\s+\S+: (http:\/\/\S+)$/;

/** Deploys stacks/dev with the CLI (as `berth up` would from a shell), printing its output as it comes. */
export async function deployDev(root: string, env: NodeJS.ProcessEnv): Promise<Deployed> {
  const urls: string[] = [];
  const code = await runLines(process.execPath, [join(root, "bin/berth.js"), "up", "stacks/dev"], { cwd: root, env }, (line) => {
    process.stdout.write(`${line}\n`);
    const m = ENDPOINT.exec(line);
    if (m) urls.push(m[1]!);
  });
  return { code, urls };
}
