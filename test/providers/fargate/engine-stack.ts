/**
 * The shop on Fargate for the engine tests: the Shop component of examples/shop with registry
 * images, in a stack (and ECS cluster) of its own whose name contains `fgeng`, in two subnets of
 * the moto kit's default VPC. Environment variables the program reads pick what a test changes:
 * `FGENG_DB_DIGEST` (the database image's digest), `FGENG_DB` (its repository: `postgres-moto-fail`
 * trips the circuit breaker), `FGENG_WEB_DIGEST`, `FGENG_SUBNETS`, and `BERTH_CONFIG_DBPASSWORD`.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateSubnetCommand, CreateVpcCommand, DeleteSubnetCommand, DeleteVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { loadStack } from "../../../cli/load-stack.ts";
import { stackInput } from "../../../cli/gate.ts";
import { openFargateSession, type FargateEngineSession } from "../../../providers/fargate/engine/session.ts";
import { awsClientConfig } from "../../support/aws.ts";
import { REPO_ROOT } from "../../support/docker.ts";

export const DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
/** Another digest (a changed image). */
export const DIGEST2 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

/** The AWS environment the CLI and the in-process sessions use (the moto kit). */
export function awsEnv(): Record<string, string> {
  return { AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL ?? "http://127.0.0.1:5055", AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
}

/**
 * A VPC of the test's own with two subnets (moto allows one Cloud Map private namespace per VPC,
 * so stacks do not share one); `remove` deletes them once the stack is down.
 */
export async function ownVpc(name: string): Promise<{ subnets: string; remove: () => Promise<void> }> {
  const ec2 = new EC2Client(awsClientConfig("us-east-1"));
  const second = 16 + (randomBytes(1)[0]! % 200);
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${second}.0.0/16`, TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: name }] }] }));
  const id = vpc.Vpc!.VpcId!;
  const a = await ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: `10.${second}.1.0/24`, AvailabilityZone: "us-east-1a" }));
  const b = await ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: `10.${second}.2.0/24`, AvailabilityZone: "us-east-1b" }));
  const subnets = [a.Subnet!.SubnetId!, b.Subnet!.SubnetId!];
  return {
    subnets: subnets.join(","),
    async remove() {
      for (const s of subnets) await ec2.send(new DeleteSubnetCommand({ SubnetId: s })).catch(() => undefined);
      await ec2.send(new DeleteVpcCommand({ VpcId: id })).catch(() => undefined);
      ec2.destroy();
    },
  };
}

/** A fresh stack name containing `fgeng` and its program's directory. */
export function writeShopStack(prefix: string): { stack: string; dir: string } {
  const stack = `fgeng-${prefix}-${randomBytes(3).toString("hex")}`;
  const dir = mkdtempSync(join(tmpdir(), `${stack}-`));
  const sdk = JSON.stringify(join(REPO_ROOT, "sdk/index.ts"));
  const shop = JSON.stringify(join(REPO_ROOT, "examples/shop/shop.ts"));
  writeFileSync(
    join(dir, "index.ts"),
    [
      `import { Fargate, Image, Stack, StackConfig } from ${sdk};`,
      `import { Shop } from ${shop};`,
      `const env = process.env;`,
      `const stack = new Stack(${JSON.stringify(stack)}, {`,
      `  environment: "prod",`,
      `  profile: "prod",`,
      `  target: new Fargate({ cluster: ${JSON.stringify(stack)}, region: "us-east-1", subnets: (env.FGENG_SUBNETS ?? "").split(",").filter(Boolean) }),`,
      `  registryAllowlist: ["docker.io", "123456789012.dkr.ecr.us-east-1.amazonaws.com"],`,
      `  config: StackConfig.from({ mode: "prod" }, env),`,
      `});`,
      `const shop = new Shop(stack, "Shop", {`,
      `  replicas: 2,`,
      `  databaseImage: Image.fromRegistry(\`\${env.FGENG_DB ?? "postgres"}:16.4@\${env.FGENG_DB_DIGEST ?? ${JSON.stringify(DIGEST)}}\`),`,
      `  webImage: Image.fromRegistry(\`123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2@\${env.FGENG_WEB_DIGEST ?? ${JSON.stringify(DIGEST)}}\`),`,
      `});`,
      `stack.policy.suppress("net.no-public-exposure", { on: shop.web, reason: "the storefront, behind the stack's load balancer" });`,
      `export default stack;`,
    ].join("\n"),
  );
  return { stack, dir };
}

/**
 * An in-process engine session on a stack directory, with `env` set while its program runs. The
 * program is copied to a directory of its own first: a module imported once is not evaluated
 * again, and the test wants the program's answer under `env`.
 */
export async function openSession(dir: string, env: Readonly<Record<string, string>>): Promise<FargateEngineSession> {
  const copy = mkdtempSync(`${dir}-session-`);
  copyFileSync(join(dir, "index.ts"), join(copy, "index.ts"));
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return openFargateSession(stackInput(await loadStack(copy)));
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
