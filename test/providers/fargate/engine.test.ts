/**
 * Berth's Fargate engine against the moto kit (started with MOTO_ECS_SERVICE_RUNNING=desired):
 * the shop deployed through the CLI, looked at through the AWS API. Each test has its own stack
 * and ECS cluster (names contain `fgeng`) and removes them afterwards.
 */
import { randomBytes } from "node:crypto";
import { CreateSecretCommand, DeleteSecretCommand, ListSecretsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CreateServiceCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, ListServicesCommand, ListTaskDefinitionFamiliesCommand, ListTaskDefinitionsCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireAwsLock } from "../../../providers/fargate/engine/lock.ts";
import { AwsApi } from "../../../providers/fargate/engine/aws.ts";
import { awsClientConfig, requireAws } from "../../support/aws.ts";
import { berth } from "../../support/docker.ts";
import { awsEnv, DIGEST2, openSession, ownVpc, writeShopStack } from "./engine-stack.ts";

Object.assign(process.env, awsEnv());
const cfg = awsClientConfig("us-east-1");
const ecs = new ECSClient(cfg);
const sm = new SecretsManagerClient(cfg);
const iam = new IAMClient(cfg);
const ec2 = new EC2Client(cfg);
const logs = new CloudWatchLogsClient(cfg);
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(() => {
  requireAws();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  for (const c of [ecs, sm, iam, ec2, logs]) c.destroy();
});

/** A fresh shop stack in a VPC of its own, with its environment; `down --volumes` in afterAll. */
async function fresh(prefix: string) {
  const { stack, dir } = writeShopStack(prefix);
  const vpc = await ownVpc(stack);
  const canary = `canary-fgeng-${randomBytes(6).toString("hex")}`;
  const env = { ...awsEnv(), FGENG_SUBNETS: vpc.subnets, BERTH_CONFIG_DBPASSWORD: canary, BERTH_CACHE: "off" };
  cleanups.push(vpc.remove);
  cleanups.push(() => berth(["down", dir, "--volumes"], env));
  return { stack, dir, canary, env };
}

async function services(cluster: string): Promise<string[]> {
  const l = await ecs.send(new ListServicesCommand({ cluster })).catch((e: Error) => {
    if (e.name === "ClusterNotFoundException") return { serviceArns: [] };
    throw e;
  });
  if (!l.serviceArns?.length) return [];
  const d = await ecs.send(new DescribeServicesCommand({ cluster, services: l.serviceArns }));
  return d.services!.filter((s) => s.status === "ACTIVE").map((s) => s.serviceName!).sort();
}

async function secrets(prefix: string): Promise<string[]> {
  const l = await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: [prefix] }] }));
  return l.SecretList!.map((s) => s.Name!).filter((n) => n.startsWith(prefix)).sort();
}

/** The active task definition revisions of the stack's families (`family:revision`). */
async function revisions(stack: string): Promise<string[]> {
  const families = await ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: `${stack}-`, status: "ACTIVE" }));
  const out: string[] = [];
  for (const family of families.families ?? []) {
    const l = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: "ACTIVE" }));
    out.push(...l.taskDefinitionArns!.map((a) => a.split("/").pop()!));
  }
  return out.sort();
}

describe("the Fargate engine on the moto kit", () => {
  it("deploys the shop with exactly its AWS objects, confirms it with reads only, and rolls one changed service onto one new revision", async () => {
    const { stack, dir, env } = await fresh("shop");
    const up = await berth(["up", dir], env);
    expect([up.code, up.stderr]).toEqual([0, ""]);

    expect(await services(stack)).toEqual(["shop-db", "shop-web"]);
    expect(await secrets(`${stack}/`)).toEqual([`${stack}/secret-dbpassword`]);
    const role = await iam.send(new GetRoleCommand({ RoleName: `${stack}-execution` }));
    expect(role.Role!.RoleName).toBe(`${stack}-execution`);
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "tag:berth.stack", Values: [stack] }] }));
    expect(groups.SecurityGroups!.map((g) => g.GroupName).sort()).toEqual([`${stack}-load-balancer`, `${stack}-shop-backend`]);
    expect(await revisions(stack)).toEqual([`${stack}-shop-db:1`, `${stack}-shop-migrate:1`, `${stack}-shop-web:1`]);
    const web = (await ecs.send(new DescribeServicesCommand({ cluster: stack, services: ["shop-web"], include: ["TAGS"] }))).services![0]!;
    expect([web.desiredCount, web.taskDefinition!.split("/").pop(), web.tags!.find((t) => t.key === "berth.stack")?.value]).toEqual([2, `${stack}-shop-web:1`, stack]);

    // A second run: read calls only.
    const again = await openSession(dir, env);
    const noop = await again.up({ parallelism: 4, timeoutMs: 60_000 });
    expect([noop.changed, again.api.mutations, again.api.lockCalls]).toEqual([false, [], []]);
    expect(again.api.reads.length).toBeGreaterThan(0);

    // One changed service: one new revision, one service update.
    const changed = await openSession(dir, { ...env, FGENG_DB_DIGEST: DIGEST2 });
    const r = await changed.up({ parallelism: 4, timeoutMs: 60_000 });
    expect(r.changed).toBe(true);
    const calls = changed.api.mutations.map((m) => `${m.service}.${m.operation}`);
    expect(calls.filter((c) => c === "ECS.RegisterTaskDefinition")).toHaveLength(1);
    expect(calls.filter((c) => c === "ECS.UpdateService")).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith("ECS.Create"))).toEqual([]);
    const db = (await ecs.send(new DescribeServicesCommand({ cluster: stack, services: ["shop-db"] }))).services![0]!;
    expect(db.taskDefinition!.split("/").pop()).toBe(`${stack}-shop-db:2`);
    for (const s of [again, changed]) s.api.destroy();
  }, 300_000);

  it("reports drift (desiredCount and task definition changed outside Berth) with plan --exit-code 4 and repairs it", async () => {
    const { stack, dir, env } = await fresh("drift");
    expect((await berth(["up", dir], env)).code).toBe(0);
    const td = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${stack}-shop-web` }));
    const { taskDefinitionArn: _a, revision: _r, status: _s, compatibilities: _c, requiresAttributes: _ra, registeredAt: _ra2, registeredBy: _rb, deregisteredAt: _d, ...input } = td.taskDefinition!;
    void [_a, _r, _s, _c, _ra, _ra2, _rb, _d];
    const other = await ecs.send(new RegisterTaskDefinitionCommand({ ...(input as object), family: `${stack}-handmade` } as never));
    await ecs.send(new UpdateServiceCommand({ cluster: stack, service: "shop-web", desiredCount: 5, taskDefinition: other.taskDefinition!.taskDefinitionArn }));
    cleanups.push(() => ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: `${stack}-handmade` })));

    const plan = await berth(["plan", dir, "--exit-code"], env);
    expect(plan.code).toBe(4);
    expect(plan.stdout).toMatch(/update +service +shop-web +\(taskDefinition \(\S+handmade:1 → \S+shop-web:1\), desiredCount \(5 → 2\)\) +\[drift\]/);
    expect((await berth(["up", dir], env)).code).toBe(0);
    expect((await berth(["plan", dir, "--exit-code"], env)).code).toBe(0);
    const web = (await ecs.send(new DescribeServicesCommand({ cluster: stack, services: ["shop-web"] }))).services![0]!;
    expect([web.desiredCount, web.taskDefinition!.split("/").pop()]).toEqual([2, `${stack}-shop-web:1`]);
  }, 300_000);

  it("leaves a service and a secret without Berth's tags untouched through up and down, and never shows the secret value", async () => {
    const { stack, dir, env, canary } = await fresh("decoy");
    const first = await berth(["up", dir], env);
    expect(first.code).toBe(0);
    const decoySecret = `${stack}/decoy`;
    await sm.send(new CreateSecretCommand({ Name: decoySecret, SecretString: "decoy" }));
    cleanups.push(() => sm.send(new DeleteSecretCommand({ SecretId: decoySecret, ForceDeleteWithoutRecovery: true })));
    const db = await ecs.send(new DescribeServicesCommand({ cluster: stack, services: ["shop-db"] }));
    await ecs.send(new CreateServiceCommand({ cluster: stack, serviceName: "decoy", taskDefinition: db.services![0]!.taskDefinition!, desiredCount: 0, launchType: "FARGATE", networkConfiguration: db.services![0]!.networkConfiguration }));

    const outputs = [first];
    outputs.push(await berth(["plan", dir, "--json"], env));
    outputs.push(await berth(["up", dir], { ...env, FGENG_WEB_DIGEST: DIGEST2 }));
    outputs.push(await berth(["export", dir, "--out", `${dir}/export`], env));
    outputs.push(await berth(["graph", dir], env));
    outputs.push(await berth(["ps", dir], env));
    for (const o of outputs) expect(`${o.stdout}${o.stderr}`).not.toContain(canary);
    for (const arn of await revisions(stack)) {
      const d = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ["TAGS"] }));
      expect(JSON.stringify(d)).not.toContain(canary);
    }

    const down = await berth(["down", dir], env);
    expect([down.code, down.stderr]).toEqual([0, ""]);
    expect(`${down.stdout}`).not.toContain(canary);
    expect(await services(stack)).toEqual(["decoy"]);
    expect(await secrets(`${stack}/`)).toEqual([decoySecret]);
    await expect(iam.send(new GetRoleCommand({ RoleName: `${stack}-execution` }))).rejects.toThrow();
  }, 300_000);

  it("fails a deployment that trips the circuit breaker, naming the service and why, with the service back on its previous revision", async () => {
    const { stack, dir, env } = await fresh("breaker");
    expect((await berth(["up", dir], env)).code).toBe(0);
    const bad = await berth(["up", dir], { ...env, FGENG_DB: "postgres-moto-fail" });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("shop-db");
    expect(bad.stderr).toContain("circuit breaker");
    expect(bad.stderr).toMatch(/rolled the service back to \S+shop-db:1/);
    const db = (await ecs.send(new DescribeServicesCommand({ cluster: stack, services: ["shop-db"] }))).services![0]!;
    expect(db.taskDefinition!.split("/").pop()).toBe(`${stack}-shop-db:1`);
  }, 300_000);

  it("runs a one-off task of a workload and exits with its code, lists services in ps and reads and follows their CloudWatch logs", async () => {
    const { stack, dir, env } = await fresh("run");
    expect((await berth(["up", dir], env)).code).toBe(0);
    const ps = await berth(["ps", dir], env);
    expect(ps.code).toBe(0);
    expect(ps.stdout).toMatch(new RegExp(`shop-web +Shop/web +2/2 running; primary ${stack}-shop-web:1 COMPLETED 2/2 +steady`));
    // moto runs no containers: the test writes the lines awslogs would.
    const group = `/berth/${stack}`;
    const streamName = "shop-web/shop-web/0123456789abcdef";
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: streamName }));
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: streamName, logEvents: [1, 2, 3].map((i) => ({ timestamp: Date.now() - 1000 + i, message: `line ${i}` })) }));
    const tail = await berth(["logs", dir, "Shop/web", "--tail", "2"], env);
    expect([tail.code, tail.stdout]).toEqual([0, expect.stringMatching(/line 2\n.*line 3\n?$/s)]);
    expect(tail.stdout).not.toContain("line 1");
    // --follow polls: a line written after it started arrives.
    const session = await openSession(dir, env);
    const stop = new AbortController();
    const seen: string[] = [];
    let started!: () => void;
    let arrived!: () => void;
    const line3 = new Promise<void>((r) => (started = r));
    const line4 = new Promise<void>((r) => (arrived = r));
    const following = session.follow("Shop/web", 1, (line) => {
      seen.push(line.text);
      if (line.text === "line 3") started();
      if (line.text === "line 4") arrived();
    }, stop.signal);
    await line3;
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: streamName, logEvents: [{ timestamp: Date.now() + 60_000, message: "line 4" }] }));
    await line4;
    stop.abort();
    await following;
    session.api.destroy();
    expect(seen).toEqual(["line 3", "line 4"]);
    const r = await berth(["run", dir, "Shop/web", "--", "sh", "-c", "exit=3"], env);
    expect(r.code).toBe(3);
    const ok = await berth(["run", dir, "shop-web", "--", "true"], env);
    expect(ok.code).toBe(0);
  }, 300_000);

  it("makes a second up wait for the stack's lock and fail clearly, naming the holder", async () => {
    const { stack, dir, env } = await fresh("lock");
    const api = new AwsApi("us-east-1", `/berth/${stack}/lock`);
    const held = await acquireAwsLock(api, stack, "berth up (test)");
    try {
      const r = await berth(["up", dir, "--lock-timeout", "2"], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Stack '${stack}' is locked: another run holds it: berth up (test) (pid ${process.pid}`);
      expect(r.stderr).toContain("waiting for another berth run");
    } finally {
      await held.release();
      api.destroy();
    }
    expect((await berth(["up", dir], env)).code).toBe(0);
  }, 300_000);

  it("makes two first ups started at once converge: one applies, the other finds the stack up to date once it holds the lock, with one of each object", async () => {
    const { stack, dir, env } = await fresh("twice");
    const [a, b] = await Promise.all([berth(["up", dir], env), berth(["up", dir], env)]);
    expect([a.code, a.stderr.replace(/^waiting for another berth run.*\n/m, ""), b.code, b.stderr.replace(/^waiting for another berth run.*\n/m, "")]).toEqual([0, "", 0, ""]);
    expect([a.stdout, b.stdout].filter((o) => o.includes("is up to date"))).toHaveLength(1);
    expect(await services(stack)).toEqual(["shop-db", "shop-web"]);
    expect(await secrets(`${stack}/`)).toEqual([`${stack}/secret-dbpassword`]);
    expect(await revisions(stack)).toEqual([`${stack}-shop-db:1`, `${stack}-shop-migrate:1`, `${stack}-shop-web:1`]);
  }, 300_000);

  it("surfaces an AWS validation error with AWS's message and the object's name, applying nothing and leaving no lock", async () => {
    const { stack, dir, env } = await fresh("invalid");
    const r = await berth(["up", dir], { ...env, FGENG_SUBNETS: "subnet-fgengmissing0,subnet-fgengmissing1" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("subnet-fgengmissing0");
    expect(r.stderr).toMatch(/InvalidSubnetID\.NotFound|does not exist/);
    expect(await services(stack)).toEqual([]);
    // A never-deployed stack's lock is taken while it is observed: the failed observation released it.
    const api = new AwsApi("us-east-1", `/berth/${stack}/lock`);
    expect(await api.find("ssm", "GetParameter", { Name: `/berth/${stack}/lock` }, ["ParameterNotFound"])).toBeUndefined();
    api.destroy();
  }, 120_000);
});
