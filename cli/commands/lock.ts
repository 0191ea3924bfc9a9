import type { Command } from "commander";
import { emptyLock, writeLock, type LockFile } from "../../sdk/config/lock-file.ts";
import { lockableImages, resolveDigest } from "../../providers/shared/registry.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, run } from "../output.ts";

/** `berth lock <stackdir>`: resolve every registry tag to a digest and write berth.lock. */
export function register(program: Command): void {
  program
    .command("lock")
    .description("resolve every registry image tag to a digest (registry HEAD) and write berth.lock")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .option("--json", "machine-readable output")
    .action((dir: string, opts: { json?: boolean }) =>
      run(async () => {
        const { graph, dir: abs } = await loadStack(dir);
        const lock: LockFile = emptyLock();
        const images = [...lockableImages(graph)].sort(([a], [b]) => (a < b ? -1 : 1));
        const digests = await Promise.all(images.map(([, ref]) => resolveDigest(ref)));
        images.forEach(([key, ref], i) => {
          lock.images[key] = { digest: digests[i]!, resolved: `${ref.registry}/${ref.repository}@${digests[i]!}` };
        });
        writeLock(abs, lock);
        if (opts.json) outJson({ ok: true, lock });
        else {
          for (const [key, e] of Object.entries(lock.images)) out(`${key} -> ${e.digest}`);
          out(`Wrote ${abs}/berth.lock (${images.length} image${images.length === 1 ? "" : "s"}).`);
        }
      }, opts),
    );
}
