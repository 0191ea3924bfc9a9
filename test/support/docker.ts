/**
 * Shared helpers for tests against the real Docker engine: reachability (tests fail, never
 * skip, without Docker), the busybox base image made from this machine's busybox-static,
 * a local registry, unique stack names, decoys and cleanup.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll } from "vitest";
import tar from "tar-fs";
import { LABELS } from "../../providers/docker/target.ts";
import { createServer, type AddressInfo } from "node:net";

/** The base image every Docker test builds on. */
export const BASE_IMAGE = "berth-test/busybox:1";
/** Where the test registry listens. */
export const REGISTRY = "127.0.0.1:5000";
/** Repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");
/** The CLI launcher tests spawn (BERTH_TEST_BIN points elsewhere while a command is not yet registered). */
export const BERTH_BIN = process.env.BERTH_TEST_BIN ?? join(REPO_ROOT, "bin/berth.js");

/** A dockerode client on the default endpoint. */
export const docker = new Docker();

/** Fails (with the reason) when the engine is unreachable: Docker tests must never pass silently. */
export async function requireDocker(): Promise<void> {
  try {
    await docker.ping();
  } catch (e) {
    throw new Error(`Docker is unreachable (${e instanceof Error ? e.message : String(e)}); these tests need a running dockerd (.ci/run starts one).`);
  }
}

/** A unique, valid stack name for one test. */
export function uniqueStack(prefix: string): string {
  return `bt-${prefix}-${randomBytes(3).toString("hex")}`;
}

/**
 * Makes {@link BASE_IMAGE} if missing: a rootfs of Debian's busybox-static with a symlink per
 * applet (sh, wget, nc, httpd...), imported with `POST /images/create?fromSrc=-`.
 */
export async function ensureBaseImage(): Promise<void> {
  await requireDocker();
  try {
    await docker.getImage(BASE_IMAGE).inspect();
    return;
  } catch {
    // Missing: make it below.
  }
  const busybox = ["/bin/busybox", "/usr/bin/busybox"].find((p) => existsSync(p));
  if (!busybox) throw new Error("busybox-static is not installed (apt-get install busybox-static)");
  const root = mkdtempSync(join(tmpdir(), "berth-rootfs-"));
  try {
    for (const d of ["bin", "etc", "tmp", "run", "var/www", "root"]) mkdirSync(join(root, d), { recursive: true });
    cpSync(busybox, join(root, "bin/busybox"));
    const applets = spawnSync(busybox, ["--list"], { encoding: "utf8" }).stdout.split("\n").filter((a) => a && a !== "busybox");
    for (const a of applets) symlinkSync("busybox", join(root, "bin", a));
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/tmp:/bin/sh\n");
    writeFileSync(join(root, "etc/group"), "root:x:0:\napp:x:1000:\n");
    const stream = tar.pack(root);
    const [repo, tag] = BASE_IMAGE.split(":") as [string, string];
    const res = (await docker.importImage(stream as never, { repo, tag, changes: ['ENV PATH=/bin', 'CMD ["sh"]'] } as never)) as unknown as NodeJS.ReadableStream;
    await new Promise<void>((ok, bad) => docker.modem.followProgress(res, (err: Error | null) => (err ? bad(err) : ok())));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Every object labelled for a stack, by kind (names sorted). */
export async function owned(stack: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const filter = { label: [`${LABELS.stack}=${stack}`] };
  const [c, n, v] = await Promise.all([
    docker.listContainers({ all: true, filters: filter }),
    docker.listNetworks({ filters: filter }),
    docker.listVolumes({ filters: filter }),
  ]);
  return {
    containers: c.map((x) => (x.Names[0] ?? "").replace(/^\//, "")).sort(),
    networks: n.map((x) => x.Name).sort(),
    volumes: (v.Volumes ?? []).map((x) => x.Name).sort(),
  };
}

/** Every object whose name starts with `<stack>-`, owned or not (to catch unowned leftovers). */
export async function named(stack: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const [c, n, v] = await Promise.all([docker.listContainers({ all: true }), docker.listNetworks(), docker.listVolumes()]);
  const mine = (s: string) => s.startsWith(`${stack}-`);
  return {
    containers: c.map((x) => (x.Names[0] ?? "").replace(/^\//, "")).filter(mine).sort(),
    networks: n.map((x) => x.Name).filter(mine).sort(),
    volumes: (v.Volumes ?? []).map((x) => x.Name).filter(mine).sort(),
  };
}

/** Removes everything a stack owns (labels) or is named for, and its state dir. */
export async function cleanupStack(stack: string, stateDir?: string): Promise<void> {
  const all = await named(stack);
  const lab = await owned(stack);
  for (const c of new Set([...all.containers, ...lab.containers])) await docker.getContainer(c).remove({ force: true }).catch(() => {});
  for (const n of new Set([...all.networks, ...lab.networks])) await docker.getNetwork(n).remove().catch(() => {});
  for (const v of new Set([...all.volumes, ...lab.volumes])) await docker.getVolume(v).remove().catch(() => {});
  // Images built for the stack (lowering tags them `berth-<stack>/<name>:<content hash>`).
  const images = await docker.listImages({ filters: { reference: [`berth-${stack}/*`] } });
  // Untag by name, never by id: other stacks' tags may point at the same image.
  const tags = images.flatMap((i) => i.RepoTags ?? []).filter((t) => t.startsWith(`berth-${stack}/`));
  for (const t of tags) await docker.getImage(t).remove().catch(() => {});
  if (stateDir) {
    rmSync(join(stateDir, stack), { recursive: true, force: true });
    rmSync(join(stateDir, `${stack}.lock`), { force: true });
  }
}

/** Unlabelled objects named like a stack's, which Berth must never touch. */
export async function createDecoys(prefix: string): Promise<{ container: string; network: string; volume: string; remove: () => Promise<void> }> {
  await ensureBaseImage();
  const names = { container: `${prefix}-decoy-c`, network: `${prefix}-decoy-n`, volume: `${prefix}-decoy-v` };
  await docker.createNetwork({ Name: names.network });
  await docker.createVolume({ Name: names.volume });
  await docker.createContainer({ name: names.container, Image: BASE_IMAGE, Cmd: ["sleep", "600"] });
  return {
    ...names,
    remove: async () => {
      await docker.getContainer(names.container).remove({ force: true }).catch(() => {});
      await docker.getNetwork(names.network).remove().catch(() => {});
      await docker.getVolume(names.volume).remove().catch(() => {});
    },
  };
}

/** True when each decoy still exists. */
export async function decoysExist(d: { container: string; network: string; volume: string }): Promise<boolean> {
  const ok = async (p: Promise<unknown>) => p.then(() => true, () => false);
  const r = await Promise.all([ok(docker.getContainer(d.container).inspect()), ok(docker.getNetwork(d.network).inspect()), ok(docker.getVolume(d.volume).inspect())]);
  return r.every(Boolean);
}

/** A temporary state dir for secret files and locks (BERTH_STATE_DIR). */
export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), "berth-state-"));
}

/** What {@link dockerTestFile} gives a test file. */
export interface DockerTestFile {
  /** The file's state dir, also exported as BERTH_STATE_DIR. */
  readonly stateDir: string;
  /** Marks a stack for removal after the file's last test; returns its name. */
  track(stack: string): string;
}

/**
 * The setup engine test files share: a temporary state dir exported as BERTH_STATE_DIR (where
 * the engine writes secret files and locks), the base image before the first test and, after
 * the last, every tracked stack removed, then the state dir. Call it at the top of the file.
 */
export function dockerTestFile(): DockerTestFile {
  const stateDir = tempStateDir();
  process.env.BERTH_STATE_DIR = stateDir;
  const stacks = new Set<string>();
  beforeAll(async () => {
    await ensureBaseImage();
  }, 120_000);
  afterAll(async () => {
    for (const s of stacks) await cleanupStack(s, stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);
  return {
    stateDir,
    track: (stack) => {
      stacks.add(stack);
      return stack;
    },
  };
}

/** Starts Debian's docker-registry on {@link REGISTRY} unless one answers; `stop` stops only what it started. */
export async function ensureRegistry(): Promise<{ stop: () => Promise<void> }> {
  const up = async () => fetch(`http://${REGISTRY}/v2/`).then((r) => r.ok, () => false);
  if (await up()) return { stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), "berth-registry-"));
  writeFileSync(
    join(dir, "config.yml"),
    `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: ${REGISTRY}\nlog:\n  level: error\n`,
  );
  const child: ChildProcess = spawn("/usr/bin/docker-registry", ["serve", join(dir, "config.yml")], { stdio: "ignore" });
  for (let i = 0; i < 100 && !(await up()); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await up())) throw new Error(`docker-registry did not start on ${REGISTRY}`);
  return {
    stop: async () => {
      // Another test file may have won the race for the port: then this child already exited.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts the CLI in a child process without waiting (for tests that kill it). */
export function spawnBerth(args: readonly string[], env: Readonly<Record<string, string>> = {}): ChildProcess {
  return spawn(process.execPath, [BERTH_BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: "ignore" });
}

/** Runs the CLI in a child process; resolves with its exit code and output. */
export function berth(args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 180_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [BERTH_BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    });
  });
}

/**
 * A loopback port nothing listens on right now, chosen by the kernel (from its ephemeral range,
 * away from the fixed ranges other test files draw from).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}


/**
 * Writes a stack directory whose `index.ts` imports `names` from the sdk (by absolute path, as
 * a program outside this repository would through its package) followed by `body`; returns it.
 */
export function writeStackProgram(dir: string, names: readonly string[], body: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.ts"), [`import { ${names.join(", ")} } from ${JSON.stringify(join(REPO_ROOT, "sdk/index.ts"))};`, ...body].join("\n"));
  return dir;
}
