/**
 * What the Fargate Pulumi realizer needs besides the lowered nodes: the account, VPC and subnets
 * looked up through the AWS provider (aws.getCallerIdentity, aws.ec2.getSubnet/getVpc/getSubnets),
 * secret values as Pulumi secrets, and tags in the provider's map shape.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BerthError } from "../../sdk/core/errors.ts";
import { LABELS } from "../shared/labels.ts";
import { nodeTag } from "./names.ts";
import type { FargateGraph, SecretNode } from "./target.ts";

/** Where env and file secret values come from. */
export interface SecretSourceOptions {
  /** Directory relative `Secret.fromFile` paths are resolved against. @default process.cwd() */
  readonly stackDir?: string;
  /** Where `Secret.fromEnv` values come from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What the lowering leaves to the platform, as looked up through the AWS provider. */
export interface FargateAwsContext {
  readonly account: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** The target's subnets, else the default VPC's default subnets (sorted). */
  readonly subnets: readonly string[];
}

/** Tags as the provider takes them (a map) from any of the lowering's tag shapes. */
export function tagMap(tags: readonly { key: string; value: string }[] | readonly { Key: string; Value: string }[] | Readonly<Record<string, string>>): Record<string, string> {
  if (!Array.isArray(tags)) return { ...(tags as Record<string, string>) };
  return Object.fromEntries((tags as ({ key: string; value: string } | { Key: string; Value: string })[]).map((t) => ("key" in t ? [t.key, t.value] : [t.Key, t.Value])));
}

/** Tags of the objects Berth adds under Pulumi (cluster, security groups): stack and source. */
export function stackTags(stack: string, source: string): Record<string, string> {
  return { [LABELS.node]: nodeTag(source), [LABELS.stack]: stack };
}

/** Looks up the account, the VPC and the subnets: the target's subnets and their VPC, else the default VPC. */
export async function lookUpAws(graph: FargateGraph, provider: aws.Provider): Promise<FargateAwsContext> {
  const opts = { provider };
  const identity = await aws.getCallerIdentity({}, opts);
  if (graph.subnets.length > 0) {
    const first = await aws.ec2.getSubnet({ id: graph.subnets[0]! }, opts);
    const vpc = await aws.ec2.getVpc({ id: first.vpcId }, opts);
    return { account: identity.accountId, vpcId: vpc.id, vpcCidr: vpc.cidrBlock, subnets: [...graph.subnets] };
  }
  const vpc = await aws.ec2.getVpc({ default: true }, opts);
  const subnets = await aws.ec2.getSubnets({ filters: [{ name: "vpc-id", values: [vpc.id] }, { name: "default-for-az", values: ["true"] }] }, opts);
  return { account: identity.accountId, vpcId: vpc.id, vpcCidr: vpc.cidrBlock, subnets: [...subnets.ids].sort() };
}

/** A secret's value as a Pulumi secret: from Pulumi config (a config secret), env or a file. */
export function secretString(n: SecretNode, config: pulumi.Config, options: SecretSourceOptions): pulumi.Input<string> {
  const from = n.from;
  const fail = (found: string, fix: string): never => {
    throw new BerthError({ code: "secret.unresolved", path: n.path, field: "secret", found, message: `Secret '${n.source}' has no value for Pulumi.`, fix });
  };
  switch (from.kind) {
    case "config":
      return config.requireSecret(from.key);
    case "env": {
      const v = (options.env ?? process.env)[from.name];
      return v === undefined ? fail(`environment variable ${from.name} unset`, `export ${from.name}=...`) : pulumi.secret(v);
    }
    case "file": {
      const p = isAbsolute(from.path) ? from.path : join(options.stackDir ?? process.cwd(), from.path);
      return existsSync(p) ? pulumi.secret(readFileSync(p, "utf8")) : fail(`file ${p} missing`, `create ${p}`);
    }
    default:
      return fail(`a ${from.kind} reference`, "Secrets Manager and SSM references are read by the tasks; Berth creates secrets for config, env and file sources only");
  }
}
