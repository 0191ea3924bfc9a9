import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { canonicalJsonPretty } from "../graph/canonical.ts";

/** `berth.lock`: every registry tag a stack uses, resolved to a digest. */
export const LockFileSchema = z.object({
  lockfileVersion: z.literal(1),
  images: z.record(
    z.string(),
    z.object({ digest: z.string().regex(/^sha256:[a-f0-9]{64}$/), resolved: z.string() }),
  ),
});
export type LockFile = z.infer<typeof LockFileSchema>;

export const LOCK_FILE_NAME = "berth.lock";

/** An empty lock. */
export function emptyLock(): LockFile {
  return { lockfileVersion: 1, images: {} };
}

/** Reads `berth.lock` from a stack directory; an absent file is an empty lock. */
export function readLock(dir: string): LockFile {
  const file = join(dir, LOCK_FILE_NAME);
  if (!existsSync(file)) return emptyLock();
  return LockFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** Writes `berth.lock` deterministically. */
export function writeLock(dir: string, lock: LockFile): void {
  writeFileSync(join(dir, LOCK_FILE_NAME), canonicalJsonPretty(lock));
}
