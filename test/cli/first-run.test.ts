/**
 * The first run (README): on a machine with nothing but dockerd, `npm start` deploys the shop
 * dev stack and prints its URL. This proves the no-Docker-Hub path end to end: from a fresh copy
 * of the repository, with none of the images it needs present and no registry involved, it makes
 * them itself (debootstrap, a postgres build) and the URL it prints answers with data from the
 * database. It takes minutes: four to nine on this project's 2-core machine (debootstrap and the
 * two apt-based builds fetch from the Debian mirror; nothing comes from Docker Hub).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LABELS } from "../../providers/docker/target.ts";
import { docker, owned, REPO_ROOT, requireDocker } from "../support/docker.ts";

/** The dev stack's name (stacks/dev/index.ts); its containers are `shop-shop-<name>-<i>`. */
const STACK = "shop";

/**
 * A namespace of images no one else has, so "the images are absent" holds without untagging the
 * berth-local/* images other tests and runs on this engine use (scripts/offline-images.sh and
 * scripts/start.ts read it from BERTH_LOCAL_IMAGES).
 */
const NAMESPACE = `bt-firstrun-${randomBytes(3).toString("hex")}`;
const LOCAL_IMAGES = [`${NAMESPACE}/postgres:15`, `${NAMESPACE}/debian:bookworm`];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to the end without blocking the worker (a build takes minutes). */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * A fresh copy of the repository: the files git tracks or would track (not ignored), as they are
 * in the working tree. In CI (a clean clone) that is HEAD; locally it includes changes not yet
 * committed, which a `git clone` of HEAD would miss, and leaves out node_modules, dist and .berth.
 */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-firstrun-"));
  const listed = spawnSync("git", ["-C", REPO_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${REPO_ROOT}: ${listed.stderr}`);
  // Tracked files deleted in the working tree are not part of what this copy stands for.
  const files = listed.stdout.split("\0").filter((f) => f && existsSync(join(REPO_ROOT, f)));
  const packed = spawnSync("tar", ["-C", REPO_ROOT, "--null", "-T", "-", "-cf", "-"], { input: files.join("\0"), maxBuffer: 1 << 30 });
  if (packed.status !== 0) throw new Error(`tar of the tracked files failed: ${packed.stderr.toString()}`);
  const unpacked = spawnSync("tar", ["-C", dir, "-xf", "-"], { input: packed.stdout });
  if (unpacked.status !== 0) throw new Error(`untar into ${dir} failed: ${unpacked.stderr.toString()}`);
  // `npm ci` would take minutes and prove nothing about the first run: the copy shares the
  // repository's installed dependencies (the same package-lock.json) through a symlink.
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** The environment `npm start` runs with: no stack config from this shell, the no-Hub path forced. */
function startEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, BERTH_OFFLINE: "1", BERTH_LOCAL_IMAGES: NAMESPACE, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith("BERTH_CONFIG_") || k === "BERTH_STACK_DIR") delete env[k];
  return env;
}

const imageExists = (ref: string) => docker.getImage(ref).inspect().then(() => true, () => false);

describe("npm start on a machine without Docker Hub", () => {
  let copy = "";
  let started: Run | undefined;
  let deployed = false;
  let webImage: string | undefined;

  beforeAll(async () => {
    await requireDocker();
    // Someone's shop on this engine would be taken over and then removed by this test: refuse.
    const before = await owned(STACK);
    if (before.containers.length > 0) {
      throw new Error(`the '${STACK}' stack is already deployed on this engine (${before.containers.join(", ")}); remove it with \`npx berth down stacks/dev\` before running this test`);
    }
    for (const image of LOCAL_IMAGES) expect(await imageExists(image), `${image} exists before the test`).toBe(false);
    copy = freshCopy();
  }, 120_000);

  afterAll(async () => {
    if (deployed) {
      webImage = (await docker.getContainer(`${STACK}-${STACK}-web-1`).inspect().catch(() => undefined))?.Config.Image;
      const down = await run(process.execPath, ["bin/berth.js", "down", "stacks/dev", "--volumes"], copy, startEnv({}));
      if (down.code !== 0) throw new Error(`berth down failed: ${down.stdout}${down.stderr}`);
    }
    // This test's images only: the web image its stack built (on its Debian), then its base images.
    for (const image of [webImage, ...LOCAL_IMAGES]) if (image) await docker.getImage(image).remove().catch(() => undefined);
    if (copy) rmSync(copy, { recursive: true, force: true });
  }, 180_000);

  it("fails without a Docker engine, says how to start dockerd and deploys nothing", async () => {
    const r = await run("npm", ["start"], copy, startEnv({ DOCKER_HOST: `unix://${join(copy, "no-such-docker.sock")}` }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`no Docker engine answers at unix://${join(copy, "no-such-docker.sock")}`);
    expect(r.stderr).toContain("`sudo systemctl start docker`, or `sudo dockerd &`");
    expect(r.stderr).toContain("Nothing was deployed.");
    expect((await owned(STACK)).containers).toEqual([]);
    for (const image of LOCAL_IMAGES) expect(await imageExists(image)).toBe(false);
  });

  it("stops before deploying and says how to install debootstrap when it must make the Debian image without it", async () => {
    // This PATH keeps node, npm and docker but not the directory debootstrap is in.
    const path = (process.env.PATH ?? "").split(":").filter((d) => d && !existsSync(join(d, "debootstrap"))).join(":");
    const r = await run("npm", ["start"], copy, startEnv({ PATH: path }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      process.getuid?.() === 0
        ? `debootstrap is not installed (needed to make ${NAMESPACE}/debian:bookworm without Docker Hub)\n  Fix: sudo apt-get install debootstrap`
        : `making ${NAMESPACE}/debian:bookworm needs root`,
    );
    expect(r.stderr).toContain("could not make the local images (exit 3, see above). Nothing was deployed.");
    expect((await owned(STACK)).containers).toEqual([]);
    for (const image of LOCAL_IMAGES) expect(await imageExists(image)).toBe(false);
  }, 60_000);

  it("makes the images it needs, deploys the shop and prints a URL that answers with data from the database", async () => {
    started = await run("npm", ["start"], copy, startEnv({}));
    deployed = true;
    const out = started.stdout;
    expect(started.code, `${out}\n${started.stderr}`).toBe(0);
    // It said what it was doing, step by step.
    expect(out).toContain("berth start: Docker Hub unreachable (BERTH_OFFLINE=1) — building local images");
    expect(out).toContain(`berth start:   ${NAMESPACE}/debian:bookworm from debootstrap (a few minutes)`);
    expect(out).toMatch(/berth start: {5}debootstrap: done in \d+ s\n/);
    expect(out).toContain(`berth start:   ${NAMESPACE}/postgres:15 built on ${NAMESPACE}/debian:bookworm`);
    expect(out).toMatch(/berth start: {5}docker build: done in \d+ s\n/);
    expect(out).toContain(`berth start: BERTH_CONFIG_DBIMAGE=${NAMESPACE}/postgres:15`);
    for (const image of LOCAL_IMAGES) expect(await imageExists(image)).toBe(true);

    const url = /berth start: the shop is up: (http:\/\/\S+?)\/ /.exec(out)?.[1];
    expect(url, out).toBe("http://127.0.0.1:8080");
    const res = await fetch(`${url}/cgi-bin/orders`, { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    // The CGI reads the orders table the migration job filled: web → db works.
    expect(await res.text()).toMatch(/^orders: [1-9]\d*\nmode: dev\n$/);
  }, 900_000);

  it("runs the database from the image it made, not from a registry", async () => {
    expect(started?.code).toBe(0);
    const db = await docker.getContainer(`${STACK}-${STACK}-db-1`).inspect();
    expect(db.Config.Image).toBe(`${NAMESPACE}/postgres:15`);
    expect(db.Config.Labels[LABELS.stack]).toBe(STACK);
  });
});
