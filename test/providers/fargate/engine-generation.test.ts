/**
 * The stack's generation (providers/fargate/engine/lock.ts) on the moto kit: a cold `up` whose
 * stack no other run touched observes the stack once; an `up` that found the lock held, or whose
 * generation moved after it read it, observes it again under the lock before it applies.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AwsApi } from "../../../providers/fargate/engine/aws.ts";
import { acquireAwsLock, bumpGeneration, readGeneration } from "../../../providers/fargate/engine/lock.ts";
import { requireAws } from "../../support/aws.ts";
import { berth } from "../../support/docker.ts";
import { awsEnv, DIGEST2, openSession, ownVpc, writeShopStack } from "./engine-stack.ts";

Object.assign(process.env, awsEnv());
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(() => {
  requireAws();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** Observations of a session: each reads the task definition families once. */
const observations = (api: AwsApi): number => api.reads.filter((c) => c.operation === "ListTaskDefinitionFamilies").length;

it("observes a stack once when no other run touched it, and again when the lock was held at the first try or the generation moved after it was read", async () => {
  const { stack, dir } = writeShopStack("gen");
  const vpc = await ownVpc(stack);
  const env = { ...awsEnv(), FGENG_SUBNETS: vpc.subnets, BERTH_CONFIG_DBPASSWORD: `canary-fgeng-${randomBytes(6).toString("hex")}`, BERTH_CACHE: "off" };
  cleanups.push(vpc.remove);
  cleanups.push(() => berth(["down", dir, "--volumes"], env));

  const cold = await openSession(dir, env);
  const r = await cold.up({ parallelism: 4, timeoutMs: 60_000 });
  expect([r.changed, observations(cold.api)]).toEqual([true, 1]);
  // Written twice: before the first mutation and after the last.
  const generation = await readGeneration(cold.api, stack);
  expect(generation).toBe(2);
  cold.api.destroy();

  // Another run holds the lock while this up observes: it waits, and observes again under the lock.
  const other = new AwsApi("us-east-1", `/berth/${stack}/lock`);
  const held = await acquireAwsLock(other, stack, "berth up (test)");
  const changed = await openSession(dir, { ...env, FGENG_DB_DIGEST: DIGEST2 });
  const up = changed.up({ parallelism: 4, timeoutMs: 60_000, lock: { timeoutMs: 60_000 } });
  try {
    while (changed.api.lockCalls.length === 0) await new Promise((res) => setTimeout(res, 50));
    expect(observations(changed.api)).toBe(1);
  } finally {
    await held.release();
  }
  const second = await up;
  expect([second.changed, observations(changed.api)]).toEqual([true, 2]);
  expect(await readGeneration(changed.api, stack)).toBe(generation + 2);
  changed.api.destroy();

  // The lock is free, but another run wrote the generation after this up read it (it held the
  // lock and released it while this up observed): this up observes again.
  const third = await openSession(dir, env);
  const upThird = third.up({ parallelism: 4, timeoutMs: 60_000 });
  try {
    while (observations(third.api) === 0) await new Promise((res) => setTimeout(res, 2));
    await bumpGeneration(other, stack);
  } finally {
    other.destroy();
  }
  const last = await upThird;
  expect([last.changed, observations(third.api)]).toEqual([true, 2]);
  expect(await readGeneration(third.api, stack)).toBe(generation + 5);
  third.api.destroy();
}, 300_000);
