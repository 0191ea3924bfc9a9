/**
 * Crash safety of `berth up` on Fargate (moto kit): the CLI is SIGKILLed at seeded points (after
 * a seeded number of progress lines, so each kill lands between two AWS calls of a known run),
 * while it creates the shop from nothing or rolls a changed image out; after each kill the next
 * `up` converges (taking over the killed run's expired lock), `plan --exit-code` finds nothing
 * to do, and the stack owns exactly one of each named object: no duplicate service, secret,
 * role, security group, namespace, load balancer or target group.
 */
import { spawn } from "node:child_process";
import { ECSClient, ListServicesCommand } from "@aws-sdk/client-ecs";
import { DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { ListSecretsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ListNamespacesCommand, ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import { afterAll, expect, it } from "vitest";
import { awsClientConfig, requireAws } from "../../support/aws.ts";
import { berth, BERTH_BIN, REPO_ROOT } from "../../support/docker.ts";
import { seededRandom } from "../../support/seeded-random.ts";
import { awsEnv, DIGEST, DIGEST2, ownVpc, writeShopStack } from "./engine-stack.ts";

Object.assign(process.env, awsEnv());
const ROUNDS = 10;
const cfg = awsClientConfig("us-east-1");
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** What the stack has of each kind, by name (a duplicate shows twice). */
async function inventory(stack: string): Promise<Record<string, string[]>> {
  const ecs = new ECSClient(cfg);
  const sm = new SecretsManagerClient(cfg);
  const iam = new IAMClient(cfg);
  const ec2 = new EC2Client(cfg);
  const elb = new ElasticLoadBalancingV2Client(cfg);
  const sd = new ServiceDiscoveryClient(cfg);
  try {
    const services = (await ecs.send(new ListServicesCommand({ cluster: stack }))).serviceArns!.map((a) => a.split("/").pop()!);
    const secrets = (await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: [`${stack}/`] }] }))).SecretList!.map((s) => s.Name!);
    const roles = (await iam.send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName!).filter((n) => n.startsWith(stack));
    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "tag:berth.stack", Values: [stack] }] }))).SecurityGroups!.map((g) => g.GroupName!);
    const balancers = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers!.map((l) => l.LoadBalancerName!).filter((n) => n.startsWith(stack));
    const targetGroups = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups!.map((t) => t.TargetGroupName!).filter((n) => n.startsWith(stack));
    const namespaces = (await sd.send(new ListNamespacesCommand({}))).Namespaces!.map((n) => n.Name!).filter((n) => n.startsWith(`${stack}.`));
    const sort = (xs: string[]) => xs.sort();
    return { services: sort(services), secrets: sort(secrets), roles: sort(roles), groups: sort(groups), balancers: sort(balancers), targetGroups: sort(targetGroups), namespaces: sort(namespaces) };
  } finally {
    for (const c of [ecs, sm, iam, ec2, elb, sd]) c.destroy();
  }
}

it(`converges after \`berth up\` is SIGKILLed at ${ROUNDS} seeded points on Fargate, with no duplicate service, secret or role`, async () => {
  requireAws();
  const { stack, dir } = writeShopStack("crash");
  const vpc = await ownVpc(stack);
  const base = { ...awsEnv(), FGENG_SUBNETS: vpc.subnets, BERTH_CONFIG_DBPASSWORD: "crash-secret", BERTH_CACHE: "off" };
  cleanups.push(vpc.remove);
  cleanups.push(() => berth(["down", dir, "--volumes"], base));
  const random = seededRandom(20261205);
  const expected = {
    services: ["shop-db", "shop-web"],
    secrets: [`${stack}/secret-dbpassword`],
    roles: [`${stack}-execution`],
    groups: [`${stack}-load-balancer`, `${stack}-shop-backend`],
    balancers: [`${stack}-berth`],
    targetGroups: [`${stack}-shop-web-8080`],
    namespaces: [`${stack}.internal`],
  };
  let landed = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    // Odd rounds start from nothing; even rounds roll a changed image out.
    if (round % 2 === 1) expect((await berth(["down", dir], base)).code).toBe(0);
    const env = { ...base, FGENG_WEB_DIGEST: round % 4 === 0 ? DIGEST2 : DIGEST, BERTH_CONFIG_DBPASSWORD: `crash-secret-${round}` };
    const killAfter = 1 + Math.floor(random() * (round % 2 === 1 ? 30 : 8));
    const child = spawn(process.execPath, [BERTH_BIN, "up", dir], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "ignore"] });
    const exited = new Promise((r) => child.once("exit", r));
    let lines = 0;
    child.stdout.on("data", (d: Buffer) => {
      lines += d.toString().split("\n").length - 1;
      if (lines >= killAfter && child.exitCode === null) {
        landed++;
        child.kill("SIGKILL");
      }
    });
    await exited;

    const converge = await berth(["up", dir], env);
    expect([round, converge.code]).toEqual([round, 0]);
    const plan = await berth(["plan", dir, "--exit-code"], env);
    expect([round, plan.code, plan.stdout]).toEqual([round, 0, expect.stringContaining("No changes")]);
    expect([round, await inventory(stack)]).toEqual([round, expected]);
  }
  // Most kills must land while the run works, or the test proves nothing.
  expect(landed).toBeGreaterThanOrEqual(ROUNDS - 2);
}, 1_200_000);
