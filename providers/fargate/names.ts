/**
 * Names, ARNs and tags of the AWS objects of one stack. Identifiers AWS assigns are unknown
 * offline, so ARNs carry deterministic placeholders in angle brackets (`<account>`), resolved by
 * the engine when it applies and by the user for a hand-run export (the export's notes say how).
 */
import { LABELS } from "../shared/labels.ts";

/** The account placeholder in every ARN. */
export const ACCOUNT = "<account>";

/** What names and ARNs of one stack are made of. */
export interface StackNames {
  readonly stack: string;
  readonly region: string;
  readonly account: string;
}

/** The stack's log group. */
export const logGroupName = (s: StackNames): string => `/berth/${s.stack}`;
/** ARN of the stack's log group (its streams, as the execution role's policy names them). */
export const logGroupArn = (s: StackNames): string => `arn:aws:logs:${s.region}:${s.account}:log-group:${logGroupName(s)}`;
/** The stack's execution role. */
export const executionRoleName = (s: StackNames): string => `${s.stack}-execution`.slice(0, 64);
/** ARN of the stack's execution role. */
export const executionRoleArn = (s: StackNames): string => `arn:aws:iam::${s.account}:role/${executionRoleName(s)}`;
/** Name and ARN of a secret Berth creates: `<stack>/<secret node name>`. */
export const secretName = (s: StackNames, name: string): string => `${s.stack}/${name}`;
/** ARN of a secret Berth creates, without the random suffix Secrets Manager appends (the engine resolves the full ARN when it creates the secret). */
export const secretArn = (s: StackNames, name: string): string => `arn:aws:secretsmanager:${s.region}:${s.account}:secret:${secretName(s, name)}`;
/** The stack's Cloud Map namespace: workloads answer at `<node name>.<stack>.internal`. */
export const namespaceName = (s: StackNames): string => `${s.stack}.internal`;
/** ARN of a workload's Cloud Map service (its id is assigned by Cloud Map: a placeholder). */
export const discoveryServiceArn = (s: StackNames, name: string): string => `arn:aws:servicediscovery:${s.region}:${s.account}:service/<cloud-map:${name}>`;
/** An EFS file system id placeholder, by creation token. */
export const fileSystemId = (token: string): string => `<efs:${token}>`;

/**
 * The `berth.node` tag value of a target node's source. AWS tag values allow letters, digits,
 * spaces and `_ . : / = + - @` only, so a stack-level source (`#log-group`) becomes
 * `stack:log-group`; portable node ids (`Shop/web`) are kept as they are.
 */
export function nodeTag(source: string): string {
  return source.startsWith("#") ? `stack:${source.slice(1)}` : source;
}

/** Berth's ownership tags: stack, portable node and the hash of the object's input. */
export function ownership(stack: string, node: string, specHash: string): Record<string, string> {
  return { [LABELS.stack]: stack, [LABELS.node]: nodeTag(node), [LABELS.specHash]: specHash };
}

/** Tags as ECS takes them, sorted by key. */
export function ecsTags(t: Record<string, string>): { key: string; value: string }[] {
  return Object.keys(t)
    .sort()
    .map((key) => ({ key, value: t[key]! }));
}

/** Tags as IAM, Secrets Manager, Cloud Map and EFS take them, sorted by key. */
export function awsTags(t: Record<string, string>): { Key: string; Value: string }[] {
  return Object.keys(t)
    .sort()
    .map((Key) => ({ Key, Value: t[Key]! }));
}
