/**
 * Helpers for tests against a real single-node swarm: make the engine a swarm manager when it
 * is not one (never the reverse: tests never leave the swarm), the local busybox base image,
 * cleanup of a stack's services, secrets, configs, networks and volumes, and a bounded
 * loopback HTTP prober.
 *
 * Built images stay local to this node (a local tag works on one node); a multi-node swarm
 * needs the Swarm target's `registry` (the test registry listens on 127.0.0.1:5000).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll } from "vitest";
import { LABELS } from "../../providers/docker/target.ts";
import { docker, ensureBaseImage, BASE_IMAGE, requireDocker, tempStateDir } from "./docker.ts";

/** The base image swarm test images build on (scripts/offline-images.sh makes it). */
export const SWARM_BASE_IMAGE = "berth-local/busybox:1";

/** Fails without Docker; initialises a single-node swarm on 127.0.0.1 when the engine is not in one. */
export async function ensureSwarm(): Promise<void> {
  await requireDocker();
  const info = (await docker.info()) as { Swarm: { LocalNodeState: string; ControlAvailable: boolean } };
  if (info.Swarm.LocalNodeState === "active" && info.Swarm.ControlAvailable) return;
  if (info.Swarm.LocalNodeState !== "inactive") throw new Error(`the engine's swarm state is '${info.Swarm.LocalNodeState}' (not a manager); tests never leave a swarm, fix it by hand`);
  await docker.swarmInit({ ListenAddr: "127.0.0.1:2377", AdvertiseAddr: "127.0.0.1" });
}

/** Makes {@link SWARM_BASE_IMAGE} when missing, the same way scripts/offline-images.sh does (a busybox-static rootfs). */
export async function ensureSwarmBaseImage(): Promise<void> {
  try {
    await docker.getImage(SWARM_BASE_IMAGE).inspect();
    return;
  } catch {
    // Missing: tag the Docker tests' identical busybox rootfs image.
  }
  await ensureBaseImage();
  const [repo, tag] = SWARM_BASE_IMAGE.split(":") as [string, string];
  await docker.getImage(BASE_IMAGE).tag({ repo, tag });
}

const stackFilter = (stack: string) => ({ filters: JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }) });

async function dial<T>(method: string, path: string, query: Record<string, string> = {}): Promise<T> {
  return new Promise((ok, bad) =>
    docker.modem.dial({ path: `${path}?`, options: { _query: query }, method, statusCodes: { 200: true, 204: true, 404: true, 400: "bad", 500: "error", 503: "no swarm" } } as never, (e: unknown, d: unknown) => (e ? bad(e) : ok(d as T))),
  );
}

/** Names of every swarm object labelled for a stack. */
export async function swarmOwned(stack: string): Promise<{ services: string[]; secrets: string[]; configs: string[]; networks: string[] }> {
  const [services, secrets, configs] = await Promise.all(
    ["/services", "/secrets", "/configs"].map((p) => dial<{ Spec: { Name: string } }[]>("GET", p, stackFilter(stack))),
  );
  const networks = await docker.listNetworks({ filters: { label: [`${LABELS.stack}=${stack}`] } });
  const names = (l: { Spec: { Name: string } }[] | undefined) => (l ?? []).map((x) => x.Spec.Name).sort();
  return { services: names(services), secrets: names(secrets), configs: names(configs), networks: networks.map((n) => n.Name).sort() };
}

/** Removes everything a stack owns or is named for (services first, then what they used). */
export async function cleanupSwarmStack(stack: string): Promise<void> {
  const mine = (name: string) => name === stack || name.startsWith(`${stack}-`);
  const services = await dial<{ ID: string; Spec: { Name: string } }[]>("GET", "/services");
  for (const s of services.filter((x) => mine(x.Spec.Name))) await dial("DELETE", `/services/${s.ID}`).catch(() => {});
  for (const kind of ["secrets", "configs"]) {
    const list = await dial<{ ID: string; Spec: { Name: string } }[]>("GET", `/${kind}`);
    for (const s of list.filter((x) => mine(x.Spec.Name))) await retry(() => dial("DELETE", `/${kind}/${s.ID}`));
  }
  for (const n of (await docker.listNetworks()).filter((x) => mine(x.Name))) await retry(() => docker.getNetwork(n.Id).remove());
  // Task containers stop asynchronously; their volumes are free once they are gone.
  for (let i = 0; i < 60; i++) {
    const left = (await docker.listContainers({ all: true, filters: { label: [`com.docker.swarm.service.name`] } })).filter((c) => mine(c.Labels["com.docker.swarm.service.name"] ?? ""));
    if (left.length === 0) break;
    // Finished replicated-job tasks outlive their service: remove them, as `berth down` does.
    for (const c of left.filter((x) => x.State !== "running")) await docker.getContainer(c.Id).remove({ force: true }).catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
  }
  const vols = (await docker.listVolumes()).Volumes ?? [];
  for (const v of vols.filter((x) => mine(x.Name))) await retry(() => docker.getVolume(v.Name).remove());
}

async function retry(fn: () => Promise<unknown>, tries = 40): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      await fn();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** What a prober saw. */
export interface ProbeReport {
  readonly ok: number;
  readonly failed: number;
  /** Distinct failure descriptions (status or error), at most 10. */
  readonly errors: readonly string[];
  /** Distinct response bodies (trimmed), in the order first seen. */
  readonly bodies: readonly string[];
}

/** A running prober. */
export interface Prober {
  /** Stops sending and resolves with what was seen once in-flight requests finished. */
  stop(): Promise<ProbeReport>;
}

/**
 * Sends GET requests to a loopback URL at `perSecond` until stopped, and stops by itself after
 * `maxMs` (at most 60 s), so a failing test never leaves it running. At most `maxInFlight`
 * requests are outstanding: on a loaded machine a tick is skipped rather than piling up
 * requests whose timeouts would measure the machine, not the deployment.
 */
export function startProber(url: string, perSecond = 20, maxMs = 60_000, maxInFlight = 4): Prober {
  const u = new URL(url);
  if (u.hostname !== "127.0.0.1" && u.hostname !== "localhost") throw new Error(`the prober only sends to loopback, not ${u.hostname}`);
  let ok = 0;
  let failed = 0;
  const errors = new Set<string>();
  const bodies: string[] = [];
  const inflight = new Set<Promise<void>>();
  const one = async () => {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(15_000), headers: { connection: "close" } });
      const body = (await r.text()).trim();
      if (r.ok) {
        ok++;
        if (!bodies.includes(body)) bodies.push(body);
      } else {
        failed++;
        errors.add(`HTTP ${r.status}: ${body.slice(0, 80)}`);
      }
    } catch (e) {
      failed++;
      errors.add(e instanceof Error ? `${e.name}: ${(e.cause as Error | undefined)?.message ?? e.message}` : String(e));
    }
  };
  const timer = setInterval(() => {
    if (inflight.size >= maxInFlight) return;
    const p = one().finally(() => inflight.delete(p));
    inflight.add(p);
  }, Math.round(1000 / perSecond));
  const limit = setTimeout(() => clearInterval(timer), Math.min(maxMs, 60_000));
  return {
    async stop() {
      clearInterval(timer);
      clearTimeout(limit);
      await Promise.all([...inflight]);
      return { ok, failed, errors: [...errors].slice(0, 10), bodies };
    },
  };
}

/** Polls a URL until it answers 200 with a body containing `text` (or the timeout passes). */
export async function waitForBody(url: string, text: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
      last = `${r.status} ${(await r.text()).trim()}`;
      if (r.ok && last.includes(text)) return last.slice(4);
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not serve '${text}' within ${timeoutMs / 1000} s (last: ${last})`);
}

export { docker, Docker };

/**
 * The setup swarm CLI test files share: a state dir and a scratch dir for the stack program;
 * a swarm and its base image before the first test; after the last, the stack's objects and
 * both dirs removed. Call it at the top of the file.
 */
export function swarmTestFile(stack: string): { readonly stateDir: string; readonly dir: string } {
  const stateDir = tempStateDir();
  const dir = mkdtempSync(join(tmpdir(), "berth-swarm-test-"));
  beforeAll(async () => {
    await ensureSwarm();
    await ensureSwarmBaseImage();
  }, 180_000);
  afterAll(async () => {
    await cleanupSwarmStack(stack);
    rmSync(dir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }, 180_000);
  return { stateDir, dir };
}
