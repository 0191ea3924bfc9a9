/**
 * `npm run bench -- fargate [services]`: N services (default 10) with a port (Cloud Map names) on
 * one network, a secret and a Job, deployed to the moto kit's AWS endpoint (`AWS_ENDPOINT_URL`;
 * start it with `MOTO_ECS_SERVICE_RUNNING=desired /work/shared/moto/up.sh`), side by side in one
 * run:
 *
 * - Berth's Fargate engine: `up` cold (observe, plan, lock, apply, waits) and `up` again (a
 *   no-op: reads only), at the target's default `--parallelism`, as `berth up` runs;
 * - the floor: the same objects created with the minimal sequence of SDK calls (each object's
 *   create calls with the same inputs, DescribeServices per service until its deployment
 *   completed, as Berth waits, and the Job's DescribeTasks until it stopped), no reads before,
 *   no lock.
 *
 * The SDK packages are loaded once before either side is timed: a floor script loads them too,
 * and otherwise whichever side runs first would pay for both.
 *
 * An untimed round with one service runs first, so that neither side pays alone for the first
 * use of the SDK's code paths. Each stack has a VPC of its own (moto allows one Cloud Map
 * namespace per VPC). Everything is removed at the end, also on failure.
 */
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { CreateSubnetCommand, CreateVpcCommand, DeleteSubnetCommand, DeleteVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { Fargate, Image, Job, Network, Secret, Service, Size, Stack, StackConfig, synth } from "../sdk/index.ts";
import { AwsApi } from "../providers/fargate/engine/aws.ts";
import { engineObjects } from "../providers/fargate/engine/desired.ts";
import { put, syncRules, type MutateContext } from "../providers/fargate/engine/mutate.ts";
import { desiredObjects, resolvedNetwork } from "../providers/fargate/engine/plan.ts";
import { newResolution } from "../providers/fargate/engine/resolve.ts";
import { openFargateSession } from "../providers/fargate/engine/session.ts";
import { lowerFargate } from "../providers/fargate/lower.ts";
import { fargateProvider } from "../providers/fargate/provider.ts";
import { defaultParallelism, type StackInput } from "../providers/shared/provider.ts";

/** Short description for `npm run bench`. */
export const description = "Fargate (moto): Berth up (cold, no-op) vs the minimal SDK call sequence for the same objects";

const DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

function program(name: string, subnets: string[], count: number): StackInput {
  const config = StackConfig.from({ token: "bench-token" });
  const stack = new Stack(name, { environment: "dev", target: new Fargate({ cluster: name, region: "us-east-1", subnets }), config });
  const net = new Network(stack, "net");
  const image = Image.fromRegistry(`busybox:1.36@${DIGEST}`);
  const token = Secret.fromConfig("token");
  const job = new Job(stack, "setup", { image, command: ["sh", "-c", "exit=0"], networks: [net], resources: { cpu: 0.25, memory: Size.mebibytes(256) }, user: "65534:65534" });
  for (let i = 0; i < count; i++) {
    new Service(stack, `svc${String(i).padStart(2, "0")}`, {
      image,
      command: ["sleep", "3600"],
      ports: [8080],
      secrets: { token },
      networks: [net],
      dependsOn: [{ on: job, condition: "completed" }],
      resources: { cpu: 0.25, memory: Size.mebibytes(256) },
      user: "65534:65534",
    });
  }
  return { graph: synth(stack), dir: process.cwd(), config: (k) => config.get(k) };
}

async function ownVpc(ec2: EC2Client, name: string): Promise<{ subnets: string[]; remove: () => Promise<void> }> {
  const second = 16 + (randomBytes(1)[0]! % 200);
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${second}.0.0/16`, TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: name }] }] }));
  const id = vpc.Vpc!.VpcId!;
  const a = await ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: `10.${second}.1.0/24`, AvailabilityZone: "us-east-1a" }));
  const b = await ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: `10.${second}.2.0/24`, AvailabilityZone: "us-east-1b" }));
  const subnets = [a.Subnet!.SubnetId!, b.Subnet!.SubnetId!];
  return {
    subnets,
    async remove() {
      for (const s of subnets) await ec2.send(new DeleteSubnetCommand({ SubnetId: s })).catch(() => undefined);
      await ec2.send(new DeleteVpcCommand({ VpcId: id })).catch(() => undefined);
    },
  };
}

/** The floor: every object's create calls in dependency order, then the waits, nothing else. */
async function floor(input: StackInput): Promise<{ ms: number; calls: number; api: AwsApi }> {
  const lowered = lowerFargate(input.graph);
  const objects = engineObjects(input.graph, lowered);
  const api = new AwsApi(lowered.region, "-");
  const t0 = performance.now();
  const r = newResolution();
  r.account = "123456789012";
  r.subnets = [...lowered.subnets];
  const vpc = await api.call<{ Subnets: { VpcId: string }[] }>("ec2", "DescribeSubnets", { SubnetIds: lowered.subnets });
  r.vpc = vpc.Subnets[0]!.VpcId;
  const values = new Map(lowered.nodes.flatMap((n) => (n.kind === "aws.secret" ? [[n.id, Buffer.from("bench-token")] as const] : [])));
  const ctx: MutateContext = { api, lowered, objects, r, values, live: new Map(), deployments: new Map() };
  const all = desiredObjects(lowered, objects);
  const phase = async (kinds: string[]) => Promise.all(all.filter((d) => kinds.includes(d.kind)).map((d) => put(ctx, d, undefined)));
  await phase(["ecs.cluster", "ec2.security-group", "aws.log-group", "aws.secret", "aws.cloud-map-namespace"]);
  await Promise.all(objects.securityGroups.map((g) => syncRules(ctx, g)));
  await phase(["aws.execution-role", "aws.cloud-map-service", "aws.load-balancer", "aws.target-group", "aws.efs-file-system"]);
  await phase(["aws.listener"]);
  await phase(["ecs.task-definition"]);
  for (const n of lowered.nodes) {
    if (n.kind !== "ecs.run-task") continue;
    const out = await api.call<{ tasks: { taskArn: string }[] }>("ecs", "RunTask", { ...n.input, taskDefinition: r.revisions.get(n.input.taskDefinition), networkConfiguration: resolvedNetwork(lowered, objects, r, n) });
    for (;;) {
      const d = await api.call<{ tasks: { lastStatus: string }[] }>("ecs", "DescribeTasks", { cluster: lowered.cluster, tasks: [out.tasks[0]!.taskArn] });
      if (d.tasks[0]!.lastStatus === "STOPPED") break;
    }
  }
  await phase(["ecs.service"]);
  await Promise.all(
    lowered.nodes.filter((n) => n.kind === "ecs.service").map(async (n) => {
      for (;;) {
        const d = await api.call<{ services: { deployments?: { status?: string; rolloutState?: string }[] }[] }>("ecs", "DescribeServices", { cluster: lowered.cluster, services: [n.name] });
        if (d.services[0]?.deployments?.some((x) => x.status === "PRIMARY" && x.rolloutState === "COMPLETED")) return;
      }
    }),
  );
  return { ms: performance.now() - t0, calls: api.mutations.length + api.reads.length, api };
}

const ms = (x: number) => `${(x / 1000).toFixed(2)} s`;

/** One side-by-side round: Berth's cold and no-op `up` and the floor, each stack in its own VPC; everything removed after. */
interface Calls {
  readonly mutating: number;
  readonly read: number;
  readonly lock: number;
}
const callsOf = (api: AwsApi): Calls => ({ mutating: api.mutations.length, read: api.reads.length, lock: api.lockCalls.length });

async function round(ec2: EC2Client, count: number, parallelism: number): Promise<{ coldMs: number; noopMs: number; floorMs: number; cold: Calls; noop: Calls; floor: Calls }> {
  const id = randomBytes(3).toString("hex");
  const berthName = `fgeng-bench-${id}`;
  const floorName = `fgeng-floor-${id}`;
  const vpcs = [await ownVpc(ec2, berthName), await ownVpc(ec2, floorName)];
  const berthStack = program(berthName, vpcs[0]!.subnets, count);
  const floorStack = program(floorName, vpcs[1]!.subnets, count);
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const cold = openFargateSession(berthStack);
    cleanup.push(() => cold.down({ volumes: true }).finally(() => cold.api.destroy()));
    let t = performance.now();
    await cold.up({ parallelism, timeoutMs: 120_000 });
    const coldMs = performance.now() - t;
    const noop = openFargateSession(berthStack);
    t = performance.now();
    await noop.up({ parallelism, timeoutMs: 120_000 });
    const noopMs = performance.now() - t;

    const f = floor(floorStack);
    cleanup.push(() => {
      const s = openFargateSession(floorStack);
      return s.down({ volumes: true }).finally(() => s.api.destroy());
    });
    const fl = await f;
    const calls = { cold: callsOf(cold.api), noop: callsOf(noop.api), floor: callsOf(fl.api) };
    for (const a of [noop.api, fl.api]) a.destroy();
    return { coldMs, noopMs, floorMs: fl.ms, ...calls };
  } finally {
    for (const c of cleanup.reverse()) await c().catch((e: unknown) => process.stderr.write(`cleanup: ${String(e)}\n`));
    for (const v of vpcs) await v.remove();
  }
}

/** Runs the benchmark. */
export async function run(args: readonly string[]): Promise<void> {
  const count = Number(args[0] ?? 10);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  if (!process.env.AWS_ENDPOINT_URL) throw new Error("set AWS_ENDPOINT_URL (and AWS_REGION, credentials) to the moto kit: MOTO_ECS_SERVICE_RUNNING=desired /work/shared/moto/up.sh");
  const ec2 = new EC2Client({});
  const warm = new AwsApi("us-east-1", "-");
  for (const k of Object.keys(warm.sdk) as (keyof AwsApi["sdk"])[]) void warm.sdk[k];
  const parallelism = defaultParallelism(fargateProvider.engine!);
  try {
    // An untimed round of one service first: whichever side ran first would otherwise pay for
    // compiling the SDK's code paths (each service's client and protocol) for both.
    await round(ec2, 1, parallelism);
    process.stdout.write(`fargate benchmark: ${count} services + 1 job, parallelism ${parallelism}, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}, endpoint ${process.env.AWS_ENDPOINT_URL}\n`);
    const r = await round(ec2, count, parallelism);
    process.stdout.write(`${"".padEnd(10)}${"berth".padStart(10)}${"floor".padStart(10)}${"ratio".padStart(8)}  calls (berth: mutating/read/lock; floor: mutating/read)\n`);
    process.stdout.write(`${"cold".padEnd(10)}${ms(r.coldMs).padStart(10)}${ms(r.floorMs).padStart(10)}${(r.coldMs / r.floorMs).toFixed(2).padStart(8)}  berth ${r.cold.mutating}/${r.cold.read}/${r.cold.lock}, floor ${r.floor.mutating}/${r.floor.read}\n`);
    process.stdout.write(`${"no-op".padEnd(10)}${ms(r.noopMs).padStart(10)}${"-".padStart(10)}${"".padStart(8)}  berth ${r.noop.mutating}/${r.noop.read}/${r.noop.lock} (reads only)\n`);
  } finally {
    ec2.destroy();
  }
}
