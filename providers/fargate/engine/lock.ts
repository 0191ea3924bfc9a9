/**
 * The stack lock on AWS (providers/shared/engine/stack-lock.ts): an SSM parameter
 * `/berth/<stack>/lock`, taken with a conditional write (PutParameter without Overwrite: one
 * create wins, the others get ParameterAlreadyExists), holding who took it and until when.
 * The holder renews the expiry while it runs and deletes the parameter on release; a lock whose
 * expiry passed (a killed run) is taken over, so a crash never blocks a stack for good.
 *
 * Beside it, `/berth/<stack>/generation` is a parameter whose version (SSM increments it on every
 * write, and PutParameter returns it) is the stack's generation. A run that mutates writes it
 * twice under the lock: before its first mutation and after its last (also when it failed), so
 * every mutation of the stack falls between two writes of the same run. It stays after `down`.
 *
 * `up` reads the generation before it observes the stack (strictly before: a read made while
 * the observation runs could come after a mutation the observation missed). Once it holds the
 * lock, its own first write returns the version after it. The first observation is still
 * current when that is exactly one more and the lock was free at the first try: any run that
 * mutated during or after the observation either still held the lock then (so this run waited,
 * or took a killed run's lock over) or wrote its closing version after the read.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { BerthError } from "../../../sdk/core/errors.ts";
import { LABELS } from "../../shared/labels.ts";
import type { LockHolder, StackLockOptions } from "../../shared/engine/stack-lock.ts";
import { awsMessage, errorName, type AwsApi } from "./aws.ts";

/** Seconds a lock is valid without renewal. */
export const LOCK_SECONDS = 30;

/** The lock parameter's name. */
export const lockParameter = (stack: string): string => `/berth/${stack}/lock`;

/** The generation parameter's name (see the module comment). */
export const generationParameter = (stack: string): string => `/berth/${stack}/generation`;

/** The stack's generation (the parameter's version), 0 when none was written yet (a read call). */
export async function readGeneration(api: AwsApi, stack: string): Promise<number> {
  const p = await api.find<{ Parameter?: { Version?: number } }>("ssm", "GetParameter", { Name: generationParameter(stack) }, ["ParameterNotFound"]);
  return p?.Parameter?.Version ?? 0;
}

/**
 * Starts a new generation and returns it; call it under the lock, before the run's first
 * mutation. The result is the generation read earlier plus one when no other run wrote since.
 */
export async function bumpGeneration(api: AwsApi, stack: string): Promise<number> {
  const out = await api.call<{ Version?: number }>("ssm", "PutParameter", { Name: generationParameter(stack), Value: randomBytes(12).toString("hex"), Type: "String", Overwrite: true });
  if (typeof out.Version !== "number") throw new Error(`SSM PutParameter ${generationParameter(stack)} returned no Version`);
  return out.Version;
}

interface LockValue extends LockHolder {
  readonly expires: number;
}

const value = (command: string): string => JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), command, expires: Date.now() + LOCK_SECONDS * 1000 } satisfies LockValue);

/** A held lock. */
export interface HeldAwsLock {
  /** True when another run held the lock at the first try (this run waited, or took a killed run's lock over). */
  readonly contended: boolean;
  release(): Promise<void>;
  /** Stops renewing without deleting: the lock expires by itself, and the next run waits for it. */
  abandon(): void;
}

/** Takes the stack's lock, waiting up to `options.timeoutMs` (default 120 s) while another run holds it. */
export async function acquireAwsLock(api: AwsApi, stack: string, command: string, options: StackLockOptions = {}): Promise<HeldAwsLock> {
  const name = lockParameter(stack);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (let attempt = 0; ; attempt++) {
    try {
      await api.call("ssm", "PutParameter", { Name: name, Value: value(command), Type: "String", Overwrite: false, Description: `Berth stack lock of ${stack}`, Tags: [{ Key: LABELS.stack, Value: stack }] });
      return hold(api, name, command, attempt > 0);
    } catch (e) {
      if (errorName(e) !== "ParameterAlreadyExists") throw lockError(stack, `SSM refused the lock parameter ${name}: ${awsMessage(e)}`);
    }
    const current = await api.find<{ Parameter?: { Value?: string } }>("ssm", "GetParameter", { Name: name }, ["ParameterNotFound"]);
    if (!current) continue;
    let held: LockValue;
    try {
      held = JSON.parse(current.Parameter?.Value ?? "{}") as LockValue;
    } catch {
      held = { pid: 0, host: "unknown", since: "unknown", command: "unknown", expires: 0 };
    }
    if (held.expires < Date.now()) {
      // A killed run: remove its lock and race for a fresh one.
      await api.call("ssm", "DeleteParameter", { Name: name }).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) throw lockError(stack, `another run holds it: ${held.command} (pid ${held.pid} on ${held.host}, since ${held.since}); waited ${Math.round(timeoutMs / 1000)} s`);
    if (!told) options.onWait?.(held);
    told = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function hold(api: AwsApi, name: string, command: string, contended: boolean): HeldAwsLock {
  const timer = setInterval(() => {
    void api.call("ssm", "PutParameter", { Name: name, Value: value(command), Type: "String", Overwrite: true }).catch(() => undefined);
  }, (LOCK_SECONDS * 1000) / 3);
  timer.unref();
  let abandoned = false;
  return {
    contended,
    async release() {
      clearInterval(timer);
      if (!abandoned) await api.call("ssm", "DeleteParameter", { Name: name }).catch(() => undefined);
    },
    abandon() {
      abandoned = true;
      clearInterval(timer);
    },
  };
}

/**
 * Runs a run's mutations between two generation writes (see the module comment) and returns
 * what `mutate` returns, with the first write's version; the lock must be held. When the closing
 * write fails, the lock is abandoned rather than released, so the next run waits for it and
 * observes the stack again.
 */
export async function generationBracket<T>(api: AwsApi, stack: string, lock: HeldAwsLock, mutate: (opened: number) => Promise<T>): Promise<T> {
  const opened = await bumpGeneration(api, stack);
  try {
    return await mutate(opened);
  } finally {
    await bumpGeneration(api, stack).catch(() => lock.abandon());
  }
}

function lockError(stack: string, why: string): BerthError {
  return new BerthError({
    code: "engine.locked",
    path: stack,
    field: "lock",
    found: `SSM parameter ${lockParameter(stack)}`,
    message: `Stack '${stack}' is locked: ${why}.`,
    fix: `wait for that run to finish (or, if it was killed, for the lock to expire after ${LOCK_SECONDS} s), or raise --lock-timeout`,
  });
}
