/**
 * Fingerprints of what a stack program read from the file system: taken when the program reads
 * (cli/up-cache/track.ts) and taken again when the cache is consulted (cli/up-cache/record.ts).
 * Equal fingerprints mean the program would read the same thing again.
 *
 * A file's fingerprint is its type, size, mtime and change time; a directory's is that it is one, and a listing's is the names and types of its entries.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Stats } from "node:fs";

/**
 * How a path was read, which decides what its fingerprint covers. `stamp` is the size and mtime
 * alone: what the program bundle's own freshness check compares (bin/bundle-cache.js).
 */
export type ReadKind = "stat" | "lstat" | "stamp" | "readdir" | "readdir-recursive" | "readlink" | "realpath";

/** The fingerprint of `path` read as `kind`, or `-` when it does not exist (or cannot be read). */
export function fingerprint(kind: ReadKind, path: string): string {
  try {
    switch (kind) {
      case "stat":
        return describe(statSync(path, { throwIfNoEntry: false }));
      case "lstat":
        return describe(lstatSync(path, { throwIfNoEntry: false }));
      case "stamp":
        return stamp(statSync(path, { throwIfNoEntry: false }));
      case "readdir":
      case "readdir-recursive": {
        const entries = readdirSync(path, { withFileTypes: true, recursive: kind === "readdir-recursive" });
        const names = entries.map((e) => `${e.parentPath.slice(path.length)}/${e.name}:${e.isDirectory() ? "d" : e.isSymbolicLink() ? "l" : "f"}`).sort();
        return createHash("sha256").update(names.join("\0")).digest("base64url");
      }
      case "readlink":
        return readlinkSync(path);
      case "realpath":
        return realpathSync(path);
    }
  } catch {
    return "-";
  }
}

function describe(s: Stats | undefined): string {
  if (!s) return "-";
  // A directory's own mtime changes whenever an entry does; its listing is fingerprinted when
  // the program lists it, so a stat of a directory only says that it is one.
  if (s.isDirectory()) return "d";
  const type = s.isFile() ? "f" : s.isSymbolicLink() ? "l" : "o";
  // The change time too: unlike mtime, no tool can set it back (rsync -t, cp -p, touch -r).
  return `${type}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
}

/** A file's size and mtime, in the program bundle manifest's terms. */
export function stamp(s: Stats | undefined): string {
  return s ? `f:${s.size}:${s.mtimeMs}` : "-";
}
