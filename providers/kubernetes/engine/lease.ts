/**
 * The stack lock on Kubernetes (providers/shared/engine/stack-lock.ts): a
 * `coordination.k8s.io/v1` Lease named `berth-<stack>` in the stack's namespace, so two
 * machines cannot interleave runs on one stack. It is taken by creating the Lease (the API
 * server lets one create win), renewed while held, and deleted on release. A Lease whose holder
 * stopped renewing (a killed run) expires after its duration and is taken over with an
 * optimistic replace (resourceVersion), so a crash never blocks a stack for good. A Lease whose
 * holder ran on this machine and is no longer running is taken over at once, as the lock file
 * of the Docker engines is: a killed `berth up` does not make the next one wait out the Lease.
 */
import { hostname } from "node:os";
import { BerthError } from "../../../sdk/core/errors.ts";
import { LABELS } from "../../shared/labels.ts";
import type { LockHolder, StackLockOptions } from "../../shared/engine/stack-lock.ts";
import { serverMessage, statusOf, type KubeClient, type KubeObject } from "./client.ts";

/** Seconds a Lease is valid without renewal. */
const LEASE_SECONDS = 30;
/** Annotation prefix of what the holder is doing (`berth up`), for the waiter's message. */
const HOLDER = "berth.lock/";

/** A held Lease; `release` deletes it. */
export interface HeldLease {
  release(): Promise<void>;
}

/** The Lease API's MicroTime: RFC 3339 with microseconds (the server refuses milliseconds). */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** The name of a stack's Lease in its namespace. */
export function leaseName(stack: string): string {
  return `berth-${stack}`;
}

function leaseObject(stack: string, namespace: string, command: string, resourceVersion?: string): KubeObject {
  const now = microTime(new Date());
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name: leaseName(stack),
      namespace,
      labels: { [LABELS.stack]: stack },
      annotations: { [`${HOLDER}command`]: command, [`${HOLDER}pid`]: String(process.pid), [`${HOLDER}host`]: hostname() },
      ...(resourceVersion ? { resourceVersion } : {}),
    },
    spec: { holderIdentity: `${hostname()}/${process.pid}`, leaseDurationSeconds: LEASE_SECONDS, acquireTime: now, renewTime: now },
  };
}

/** Who holds a Lease, as the shared lock interface names a holder. */
export function holderOf(l: KubeObject): LockHolder {
  const a = l.metadata.annotations ?? {};
  const spec = l.spec as { acquireTime?: string | Date; holderIdentity?: string };
  return {
    pid: Number(a[`${HOLDER}pid`] ?? 0),
    host: a[`${HOLDER}host`] ?? spec.holderIdentity ?? "unknown",
    since: spec.acquireTime ? new Date(spec.acquireTime).toISOString() : "unknown",
    command: a[`${HOLDER}command`] ?? "unknown",
  };
}

/** True when the holder stopped renewing the Lease long enough ago. */
function expired(l: KubeObject, now: number): boolean {
  const spec = l.spec as { renewTime?: string | Date; leaseDurationSeconds?: number };
  if (!spec.renewTime) return true;
  return new Date(spec.renewTime).getTime() + (spec.leaseDurationSeconds ?? LEASE_SECONDS) * 1000 < now;
}

/** True when the holder ran on this machine and its process is gone (killed, crashed). */
function holderGone(l: KubeObject): boolean {
  const h = holderOf(l);
  if (h.host !== hostname() || !(h.pid > 0) || h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Takes the stack's Lease, waiting up to `options.timeoutMs` (default 120 s) while another run
 * holds it; fails naming the holder. The namespace must exist.
 */
export async function acquireLease(client: KubeClient, stack: string, namespace: string, command: string, options: StackLockOptions = {}): Promise<HeldLease> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    let held: KubeObject | undefined;
    try {
      held = await client.create(leaseObject(stack, namespace, command), "lockRequests");
    } catch (e) {
      if (statusOf(e) !== 409) throw lockError(stack, namespace, statusOf(e) === undefined ? `the API server did not answer: ${serverMessage(e)}` : `the API server refused the Lease: ${serverMessage(e)}`);
      const current = await client.read<KubeObject>("coordination.k8s.io/v1", "Lease", `berth-${stack}`, namespace);
      if (current && (expired(current, Date.now()) || holderGone(current))) {
        held = await client.replace(leaseObject(stack, namespace, command, current.metadata.resourceVersion), "lockRequests").catch((r: unknown) => {
          if (statusOf(r) === 409) return undefined; // another run took it over first
          throw r;
        });
      } else if (current) {
        const holder = holderOf(current);
        if (Date.now() > deadline) {
          throw lockError(stack, namespace, `another run holds it: ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.since}); waited ${Math.round(timeoutMs / 1000)} s`);
        }
        if (!told) options.onWait?.(holder);
        told = true;
      }
    }
    if (held) return hold(client, held, stack, namespace, command);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Renews a taken Lease every third of its duration until released. */
function hold(client: KubeClient, lease: KubeObject, stack: string, namespace: string, command: string): HeldLease {
  let current = lease;
  const timer = setInterval(() => {
    void client
      .replace({ ...leaseObject(stack, namespace, command, current.metadata.resourceVersion), spec: { ...(current.spec as object), renewTime: microTime(new Date()) } }, "lockRequests")
      .then((l) => (current = l))
      .catch(() => {
        // A missed renewal is retried at the next tick; the Lease lasts three ticks.
      });
  }, (LEASE_SECONDS * 1000) / 3);
  // The timer must not keep a finished command's process alive.
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await client.delete(current, "Background", "lockRequests").catch(() => false);
    },
  };
}

function lockError(stack: string, namespace: string, why: string): BerthError {
  return new BerthError({
    code: "engine.locked",
    path: stack,
    field: "lock",
    found: `Lease ${namespace}/berth-${stack}`,
    message: `Stack '${stack}' is locked: ${why}.`,
    fix: `wait for that run to finish (or, if it was killed, for the Lease to expire after ${LEASE_SECONDS} s), or raise --lock-timeout`,
  });
}
