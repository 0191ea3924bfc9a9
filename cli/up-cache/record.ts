/**
 * The no-op cache of `berth up` (docs/design-notes.md, "No-op `berth up`"): after a run whose policy gate
 * passed, the lowered graph is kept in `<stackdir>/.berth/up-cache.json` with everything the
 * program read to compute it (cli/up-cache/track.ts). A later `up` whose inputs are all
 * unchanged can observe and plan against that graph without running the program.
 *
 * The record holds no secret value: the graph never has any, and the environment variables the
 * program read are kept as one salted digest. Plain TypeScript types rather than a zod schema:
 * the fast path must not load zod, and the file is Berth's own, versioned, and treated as a
 * miss when it does not have this shape.
 */
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import type { TargetFacts } from "../../providers/shared/provider.ts";
import { fingerprint, type ReadKind } from "./fingerprint.ts";
import type { TrackedInputs } from "./track.ts";

/** Bump on any change to the record's shape or meaning. */
export const UP_CACHE_VERSION = 2;

/** One cached run. */
export interface UpCacheRecord {
  readonly version: typeof UP_CACHE_VERSION;
  /** The CLI build that wrote it: any change to Berth itself is a miss. */
  readonly buildId: string;
  readonly node: string;
  readonly stackDir: string;
  /** `<kind> <path>` → fingerprint (cli/up-cache/fingerprint.ts). */
  readonly files: Readonly<Record<string, string>>;
  readonly env: { readonly names: readonly string[]; readonly whole: boolean; readonly salt: string; readonly digest: string };
  readonly host: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Epoch ms after which a waiver's expiry could change the gate's findings. */
  readonly validUntil?: number;
  /** The stack's target kind: its provider's fast path answers the no-op. */
  readonly target: string;
  /** The platform facts the gate's target rules judged against (re-read and compared on a hit). */
  readonly facts: TargetFacts;
  /** Where config-sourced secret values are read from (StackConfig.origin). */
  readonly config?: { readonly dir: string; readonly environment: string };
  /** The lowered graph the engine deployed. */
  readonly graph: unknown;
}

/** Where a stack directory's record lives (.berth/ is the stack's git-ignored work area). */
export function upCacheFile(stackDir: string): string {
  return join(stackDir, ".berth", "up-cache.json");
}

/** What a record is made from. */
export interface UpCacheInput {
  readonly buildId: string;
  readonly stackDir: string;
  readonly tracked: TrackedInputs;
  /** Files the program bundle was built from, with the fingerprints they had then. */
  readonly programFiles: Readonly<Record<string, string>>;
  readonly validUntil?: number;
  readonly target: string;
  readonly facts: TargetFacts;
  readonly config?: { readonly dir: string; readonly environment: string };
  readonly graph: unknown;
}

/** Writes the record (atomically, readable by its owner only). */
export function writeUpCache(input: UpCacheInput): void {
  const salt = randomBytes(16).toString("base64url");
  const t = input.tracked;
  const names = [...t.env.keys()].sort();
  const record: UpCacheRecord = {
    version: UP_CACHE_VERSION,
    buildId: input.buildId,
    node: process.version,
    stackDir: input.stackDir,
    files: { ...input.programFiles, ...t.files },
    env: {
      names: t.wholeEnv ? [] : names,
      whole: t.wholeEnv !== undefined,
      salt,
      digest: envDigest(salt, t.wholeEnv ? withoutControls(t.wholeEnv) : Object.fromEntries(names.map((n) => [n, t.env.get(n)]))),
    },
    host: t.host,
    ...(t.cwd !== undefined ? { cwd: t.cwd } : {}),
    ...(input.validUntil !== undefined ? { validUntil: input.validUntil } : {}),
    target: input.target,
    facts: input.facts,
    ...(input.config ? { config: input.config } : {}),
    graph: input.graph,
  };
  const file = upCacheFile(input.stackDir);
  mkdirSync(join(input.stackDir, ".berth"), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Removes a stack's record (a run that cannot be cached must not leave an older one behind). */
export function dropUpCache(stackDir: string): void {
  rmSync(upCacheFile(stackDir), { force: true });
}

/** Reads a stack's record; undefined when there is none or it is not one this build wrote. */
export function readUpCache(stackDir: string, buildId: string): UpCacheRecord | undefined {
  let record: Partial<UpCacheRecord>;
  try {
    record = JSON.parse(readFileSync(upCacheFile(stackDir), "utf8")) as Partial<UpCacheRecord>;
  } catch {
    return undefined;
  }
  const strings = (v: unknown) => typeof v === "object" && v !== null && Object.values(v).every((x) => typeof x === "string");
  const env = record.env as Partial<UpCacheRecord["env"]> | undefined;
  const ok =
    record.version === UP_CACHE_VERSION &&
    record.buildId === buildId &&
    record.node === process.version &&
    record.stackDir === stackDir &&
    strings(record.files) &&
    strings(record.host) &&
    Array.isArray(env?.names) &&
    env.names.every((n) => typeof n === "string") &&
    typeof env.whole === "boolean" &&
    typeof env.salt === "string" &&
    typeof env.digest === "string" &&
    (record.cwd === undefined || typeof record.cwd === "string") &&
    (record.validUntil === undefined || typeof record.validUntil === "number") &&
    typeof record.target === "string" &&
    typeof record.facts === "object" &&
    record.facts !== null &&
    (record.config === undefined || (typeof record.config.dir === "string" && typeof record.config.environment === "string")) &&
    typeof record.graph === "object" &&
    record.graph !== null;
  return ok ? (record as UpCacheRecord) : undefined;
}

/**
 * Why the record no longer stands for what the program would compute now, or undefined when it
 * still does. Checks are ordered cheapest first; the first difference is the answer.
 */
export function staleness(record: UpCacheRecord, now: number, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (record.validUntil !== undefined && now >= record.validUntil) return "a waiver or acknowledgement expired";
  if (record.cwd !== undefined && record.cwd !== process.cwd()) return `the working directory is not ${record.cwd}`;
  const current = record.env.whole ? withoutControls(env) : Object.fromEntries(record.env.names.map((n) => [n, env[n]]));
  if (envDigest(record.env.salt, current) !== record.env.digest) {
    return record.env.whole ? "the environment changed" : `one of the environment variables ${record.env.names.join(", ")} changed`;
  }
  for (const [name, value] of Object.entries(record.host)) {
    if (JSON.stringify(hostFact(name)) !== value) return `${name}() changed`;
  }
  for (const [key, was] of Object.entries(record.files)) {
    const space = key.indexOf(" ");
    const kind = key.slice(0, space) as ReadKind;
    if (fingerprint(kind, key.slice(space + 1)) !== was) return `${key.slice(space + 1)} changed`;
  }
  return undefined;
}

/** `os.hostname` → os.hostname(), `process.getuid` → process.getuid(). */
function hostFact(name: string): unknown {
  const [owner, fn] = name.split(".") as [string, string];
  return ((owner === "os" ? os : process) as unknown as Record<string, (() => unknown) | undefined>)[fn]?.();
}

/**
 * Berth's own switches, left out when a program's input is the whole environment: turning the
 * cache's debug output on must not make it miss. (A program that reads one by name still has it
 * as an input.)
 */
const CONTROLS = new Set(["BERTH_DEBUG", "BERTH_CACHE"]);

function withoutControls(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !CONTROLS.has(k)));
}

function envDigest(salt: string, values: Readonly<Record<string, string | undefined>>): string {
  const entries = Object.keys(values)
    .sort()
    .map((k) => [k, values[k] ?? null]);
  return createHash("sha256").update(JSON.stringify([salt, entries])).digest("base64url");
}

/** With `BERTH_DEBUG=cache`, says on stderr what the cache did and why. */
export function cacheDebug(message: string): void {
  if ((process.env.BERTH_DEBUG ?? "").split(",").includes("cache")) process.stderr.write(`berth: up cache: ${message}\n`);
}
