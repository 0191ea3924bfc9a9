/**
 * What a stack program's result depends on, recorded while it runs (with synthesis, lowering
 * and the policy gate): the files it read and how, the environment variables it read, the host
 * facts it asked the `os` module for, and the working directory. If none of them changed, the
 * program would compute the same graph again, and a no-op `berth up` can skip running it
 * (cli/up-cache/fast-up.ts).
 *
 * A program that reads something no fingerprint can cover (the clock, randomness, a network
 * connection, a child process, the machine's load) is marked uncacheable: it always runs.
 *
 * Recording works by wrapping the functions of Node's `fs`, `os`, `crypto`, `child_process` and
 * `net` modules, `process.env`, `Math.random` and `Date` for the duration, and restoring them
 * after; `syncBuiltinESMExports` carries the wrappers to ES module imports of those modules.
 * (The modules are default-imported: that is the mutable module object, where a namespace
 * import is a frozen copy.)
 */
import childProcess from "node:child_process";
import crypto from "node:crypto";
import dns from "node:dns";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import os from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import workerThreads from "node:worker_threads";
import { fingerprint, type ReadKind } from "./fingerprint.ts";

/** The inputs of one run, as recorded. */
export interface TrackedInputs {
  /** `<kind> <absolute path>` → fingerprint when the program first read it. */
  readonly files: Readonly<Record<string, string>>;
  /** Environment variables read → their value at the first read (undefined: unset). */
  readonly env: ReadonlyMap<string, string | undefined>;
  /** The whole environment, when the program listed it (then every variable is an input). */
  readonly wholeEnv?: Readonly<Record<string, string | undefined>>;
  /** Host facts read (`os.hostname`, `process.getuid`) → their value (JSON). */
  readonly host: Readonly<Record<string, string>>;
  /** The working directory, when the program asked for it. */
  readonly cwd?: string;
  /** Why the result cannot be reused (the first non-reproducible call), if it cannot. */
  readonly uncacheable?: string;
}

/** A recording in progress. */
export interface InputTracker {
  /**
   * Runs `body` unrecorded: Berth's own reads in the middle of a recording (the engine's /info,
   * which opens a connection) are not the program's inputs.
   */
  unrecorded<T>(body: () => Promise<T>): Promise<T>;
  /** Restores every wrapped function and returns what was read. */
  stop(): TrackedInputs;
}

/** Stable facts of this machine and user: recorded by value, and compared later. */
const HOST_FACTS: readonly (readonly ["os" | "process", string])[] = [
  ...(["hostname", "homedir", "tmpdir", "userInfo", "platform", "arch", "release", "type", "version", "machine", "endianness"] as const).map((n) => ["os", n] as const),
  ...(["getuid", "getgid", "geteuid", "getegid", "getgroups", "umask"] as const).map((n) => ["process", n] as const),
];
/** `os` functions whose answer changes from moment to moment. */
const HOST_MOMENTS = ["cpus", "totalmem", "freemem", "loadavg", "uptime", "networkInterfaces", "availableParallelism", "getPriority"] as const;

/** fs functions that read the path they are given first, and what reading through them depends on. */
const FS_READS: Readonly<Record<string, ReadKind | "readdir-options">> = {
  readFile: "stat",
  stat: "stat",
  exists: "stat",
  access: "stat",
  open: "stat",
  openAsBlob: "stat",
  createReadStream: "stat",
  copyFile: "stat",
  lstat: "lstat",
  readlink: "readlink",
  realpath: "realpath",
  readdir: "readdir-options",
  opendir: "readdir",
};
/**
 * fs functions that read nothing a fingerprint would miss: writes (not inputs), and operations
 * on a descriptor or handle (its `open` was recorded). Any other fs function (cp, mkdtemp,
 * statfs, watch, and those Node adds later) makes the run unrecordable.
 */
const FS_NOT_READS = new Set([
  "appendFile", "chmod", "chown", "close", "createWriteStream", "fchmod", "fchown", "fdatasync", "fstat", "fsync", "ftruncate", "futimes",
  "lchmod", "lchown", "link", "lutimes", "mkdir", "read", "readv", "rename", "rm", "rmdir", "symlink", "truncate", "unlink", "unwatchFile",
  "utimes", "write", "writeFile", "writev", "_toUnixTimestamp",
]);
/** crypto functions whose result is random. */
const CRYPTO_RANDOM = [
  "randomBytes", "randomUUID", "randomInt", "randomFill", "randomFillSync", "getRandomValues", "generateKey", "generateKeySync", "generateKeyPair",
  "generateKeyPairSync", "generatePrime", "generatePrimeSync", "createDiffieHellman", "createECDH",
];

/** Starts recording. Only one recording runs at a time. */
export function trackInputs(): InputTracker {
  const files: Record<string, string> = {};
  const env = new Map<string, string | undefined>();
  const host: Record<string, string> = {};
  let wholeEnv: Record<string, string | undefined> | undefined;
  let cwd: string | undefined;
  let uncacheable: string | undefined;
  let active = true;
  let stopped = false;
  const restores: (() => void)[] = [];

  const mark = (what: string) => {
    if (active && uncacheable === undefined) uncacheable = what;
  };
  const read = (kind: ReadKind, p: unknown) => {
    if (!active) return;
    // Standard input differs from run to run; other descriptors and handles were opened by path.
    if (typeof p === "number" && p <= 2) return mark("a read of standard input");
    const path = typeof p === "string" ? p : p instanceof URL ? fileURLToPath(p) : Buffer.isBuffer(p) ? p.toString() : undefined;
    if (path === undefined) return;
    const abs = resolve(path);
    const key = `${kind} ${abs}`;
    // Fingerprinted before the read itself: a file changing in between looks changed next time.
    if (!(key in files)) files[key] = fingerprint(kind, abs);
  };
  /** Replaces `target[name]` until stop; the replacement gets the original. */
  const replace = (on: object, name: string, make: (original: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown) => {
    // Web crypto's methods live on Crypto.prototype: the replacement goes where the original is.
    let owner: object | null = on;
    while (owner && !Object.hasOwn(owner, name)) owner = Object.getPrototypeOf(owner) as object | null;
    if (!owner) return;
    const target = owner;
    const desc = Object.getOwnPropertyDescriptor(target, name)!;
    const original: unknown = desc.get ? desc.get.call(on) : desc.value;
    if (typeof original !== "function") return;
    const replacement = make(original as (...a: unknown[]) => unknown);
    // Keep properties such as realpathSync.native and promisify.custom.
    Object.assign(replacement, original);
    if (desc.configurable) {
      // Some are getters (crypto.getRandomValues): a data property stands in until restored.
      Object.defineProperty(target, name, { value: replacement, writable: true, configurable: true, enumerable: desc.enumerable ?? true });
      restores.push(() => Object.defineProperty(target, name, desc));
    } else if (desc.writable) {
      (target as Record<string, unknown>)[name] = replacement;
      restores.push(() => void ((target as Record<string, unknown>)[name] = original));
    }
  };
  /** Runs `before` with the arguments, then the original. */
  const wrap = (target: object, name: string, before: (args: unknown[]) => void) =>
    replace(target, name, (original) =>
      function (this: unknown, ...args: unknown[]) {
        before(args);
        return original.apply(this, args);
      },
    );

  const readdirKind = (args: unknown[]): ReadKind => ((args[1] as { recursive?: boolean } | undefined)?.recursive ? "readdir-recursive" : "readdir");
  for (const [mod, prefix] of [[fs, "fs"], [fs.promises, "fs.promises"]] as const) {
    for (const key of Object.keys(mod)) {
      if (typeof (mod as Record<string, unknown>)[key] !== "function" || /^[A-Z]/.test(key)) continue;
      const base = key.endsWith("Sync") ? key.slice(0, -4) : key;
      const kind = FS_READS[base];
      if (kind) wrap(mod, key, (args) => read(kind === "readdir-options" ? readdirKind(args) : kind, args[0]));
      else if (!FS_NOT_READS.has(base)) wrap(mod, key, () => mark(`${prefix}.${key}()`));
    }
  }
  // realpath's `.native` variants were copied onto the wrappers unwrapped.
  for (const f of [fs.realpath, fs.realpathSync]) wrap(f, "native", (args) => read("realpath", args[0]));
  for (const [owner, name] of HOST_FACTS) {
    replace(owner === "os" ? os : process, name, (original) => (...args: unknown[]) => {
      const value = original(...args);
      if (active && !(`${owner}.${name}` in host)) host[`${owner}.${name}`] = JSON.stringify(value);
      return value;
    });
  }
  for (const name of HOST_MOMENTS) wrap(os, name, () => mark(`os.${name}()`));
  for (const name of CRYPTO_RANDOM) wrap(crypto, name, () => mark(`crypto.${name}()`));
  if (globalThis.crypto) {
    for (const name of ["getRandomValues", "randomUUID"]) wrap(globalThis.crypto, name, () => mark(`crypto.${name}()`));
    wrap(globalThis.crypto.subtle, "generateKey", () => mark("crypto.subtle.generateKey()"));
  }
  for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) wrap(childProcess, name, () => mark(`child_process.${name}()`));
  wrap(net.Socket.prototype, "connect", () => mark("a network connection"));
  for (const [mod, prefix] of [[dns, "dns"], [dns.promises, "dns.promises"]] as const) {
    for (const key of Object.keys(mod)) if (typeof (mod as Record<string, unknown>)[key] === "function" && !/^[A-Z]/.test(key)) wrap(mod, key, () => mark(`${prefix}.${key}()`));
  }
  replace(workerThreads, "Worker", (original) => new Proxy(original, { construct: (t, a, n) => (mark("a worker thread"), Reflect.construct(t, a, n) as object) }));
  wrap(Math, "random", () => mark("Math.random()"));
  wrap(Date, "now", () => mark("Date.now()"));
  wrap(process, "hrtime", () => mark("process.hrtime()"));
  wrap(process.hrtime, "bigint", () => mark("process.hrtime.bigint()"));
  wrap(performance, "now", () => mark("performance.now()"));
  replace(process, "cwd", (original) => () => {
    const dir = original.call(process) as string;
    if (active) cwd ??= dir;
    return dir;
  });

  const RealDate = Date;
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      if (args.length === 0) mark("new Date()");
      return Reflect.construct(target, args, newTarget === globalThis.Date ? target : newTarget) as object;
    },
    apply(target, self, args) {
      mark("Date()");
      return Reflect.apply(target, self, args) as string;
    },
  });
  restores.push(() => void (globalThis.Date = RealDate));

  const realEnv = process.env;
  // V8 reads TZ itself (local-time Date methods), never through process.env.
  env.set("TZ", realEnv.TZ);
  const note = (k: string | symbol) => {
    if (active && typeof k === "string" && !env.has(k)) env.set(k, realEnv[k]);
  };
  process.env = new Proxy(realEnv, {
    get: (t, k) => (note(k), Reflect.get(t, k)),
    has: (t, k) => (note(k), Reflect.has(t, k)),
    getOwnPropertyDescriptor: (t, k) => (note(k), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: (t) => {
      if (active) wholeEnv ??= { ...t };
      return Reflect.ownKeys(t);
    },
  });
  restores.push(() => void (process.env = realEnv));
  syncBuiltinESMExports();

  return {
    async unrecorded(body) {
      active = false;
      try {
        return await body();
      } finally {
        active = !stopped;
      }
    },
    stop() {
      active = false;
      stopped = true;
      for (const r of restores.reverse()) r();
      syncBuiltinESMExports();
      return { files, env, host, ...(wholeEnv ? { wholeEnv } : {}), ...(cwd !== undefined ? { cwd } : {}), ...(uncacheable !== undefined ? { uncacheable } : {}) };
    },
  };
}
