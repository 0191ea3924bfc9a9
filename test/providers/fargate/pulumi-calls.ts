/**
 * The answers the AWS provider's functions give under Pulumi mocks: one account, one VPC with a
 * CIDR, and the default VPC's two default subnets.
 */
import type { CallMocks } from "../../support/pulumi-mocks.ts";

export const ACCOUNT_ID = "123456789012";
export const VPC_ID = "vpc-0fgpulumi";
export const VPC_CIDR = "10.42.0.0/16";
export const DEFAULT_SUBNETS = ["subnet-0def2", "subnet-0def1"];

/** getCallerIdentity, getSubnet, getVpc (by id or the default) and getSubnets. */
export const AWS_CALLS: CallMocks = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/test`, userId: "AIDTEST", id: ACCOUNT_ID }),
  "aws:ec2/getSubnet:getSubnet": (i) => ({ id: i.id, vpcId: VPC_ID, cidrBlock: "10.42.1.0/24" }),
  "aws:ec2/getVpc:getVpc": () => ({ id: VPC_ID, cidrBlock: VPC_CIDR, default: true }),
  "aws:ec2/getSubnets:getSubnets": () => ({ id: "us-east-1", ids: DEFAULT_SUBNETS }),
};
