/**
 * The AWS objects a stack owns besides its tasks: the log group, the task execution role, the
 * Secrets Manager secrets Berth creates, the Cloud Map namespace and services, and the EFS file
 * systems of Volumes. Each function returns one target node, without its hash (lower.ts seals it).
 */
import { BerthError } from "../../sdk/core/errors.ts";
import type { GraphNode, SecretNode as PortableSecret } from "../../sdk/graph/schema.ts";
import * as N from "./names.ts";
import type { DiscoveryServiceNode, ExecutionRoleNode, FileSystemNode, LogGroupNode, NamespaceNode, SecretNode } from "./target.ts";

type Draft<T> = Omit<T, "hash">;

/** Log retention in days by profile: long enough to investigate an incident in prod. */
export const LOG_RETENTION_DAYS = { dev: 14, prod: 90 } as const;

/** The stack's log group, id `#log-group`. */
export function logGroup(s: N.StackNames, profile: "dev" | "prod"): Draft<LogGroupNode> {
  const name = N.logGroupName(s);
  return { kind: "aws.log-group", id: "#log-group", source: "#log-group", path: `${s.stack}/log-group`, name, arn: N.logGroupArn(s), input: { logGroupName: name, retentionInDays: LOG_RETENTION_DAYS[profile], tags: {} } };
}

/** The `valueFrom` of a secret: its Secrets Manager or SSM ARN (with `:<json key>::` when one is named). */
export function valueFrom(s: N.StackNames, n: GraphNode & { spec: PortableSecret }): string {
  const src = n.spec.source;
  switch (src.kind) {
    case "aws-secrets-manager":
      return src.jsonKey ? `${src.arn}:${src.jsonKey}::` : src.arn;
    case "aws-ssm":
      return src.arn;
    case "kubernetes":
      throw new BerthError({
        code: "fargate.secret-source",
        path: n.path,
        field: "source",
        found: `kubernetes:${src.name}/${src.key}`,
        message: `${n.id} reads the Kubernetes Secret '${src.name}'; Fargate tasks cannot read Kubernetes Secrets.`,
        fix: "use Secret.fromSecretsManager(arn) or Secret.fromSsmParameter(arn), or a config, env or file source Berth stores in Secrets Manager",
      });
    default:
      return N.secretArn(s, n.name);
  }
}

/** The Secrets Manager secret Berth creates for a config, env or file source; none for AWS references. */
export function secretNode(s: N.StackNames, n: GraphNode & { spec: PortableSecret }): Draft<SecretNode> | undefined {
  const src = n.spec.source;
  if (src.kind !== "config" && src.kind !== "env" && src.kind !== "file") return undefined;
  return {
    kind: "aws.secret",
    id: n.id,
    source: n.id,
    path: n.path,
    name: N.secretName(s, n.name),
    from: src,
    arn: N.secretArn(s, n.name),
    input: { Name: N.secretName(s, n.name), Description: `${n.id} of stack ${s.stack} (Berth)`, Tags: [] },
  };
}

/** The ARN a policy statement names for a `valueFrom` (without a JSON key suffix). */
function resourceOf(valueFrom: string): string {
  const m = /^(arn:aws:secretsmanager:[^:]*:[^:]*:secret:[^:]+)(:.*)?$/.exec(valueFrom);
  return m ? m[1]! : valueFrom;
}

/**
 * The stack's task execution role, id `#execution-role`: ECS tasks assume it to write the stack's
 * log group and read exactly the secrets its workloads use, nothing else.
 */
export function executionRole(s: N.StackNames, valueFroms: readonly string[]): Draft<ExecutionRoleNode> {
  const refs = [...new Set(valueFroms.map(resourceOf))].sort();
  const sm = refs.filter((r) => r.startsWith("arn:aws:secretsmanager:"));
  const ssm = refs.filter((r) => r.startsWith("arn:aws:ssm:"));
  const statements = [
    { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${N.logGroupArn(s)}:*`] },
    ...(sm.length ? [{ Sid: "Secrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: sm }] : []),
    ...(ssm.length ? [{ Sid: "Parameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: ssm }] : []),
  ];
  const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] };
  const name = N.executionRoleName(s);
  return {
    kind: "aws.execution-role",
    id: "#execution-role",
    source: "#execution-role",
    path: `${s.stack}/execution-role`,
    name,
    arn: N.executionRoleArn(s),
    input: { RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust), PolicyName: "berth-execution", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }), Tags: [] },
  };
}

/** The stack's Cloud Map private DNS namespace, id `#namespace`. */
export function namespace(s: N.StackNames): Draft<NamespaceNode> {
  const name = N.namespaceName(s);
  return { kind: "aws.cloud-map-namespace", id: "#namespace", source: "#namespace", path: `${s.stack}/namespace`, name, input: { Name: name, Description: `DNS names of stack ${s.stack} (Berth)`, Tags: [] } };
}

/** The Cloud Map service of a workload with ports: `<name>.<stack>.internal` answers with its tasks' addresses. */
export function discoveryService(s: N.StackNames, w: GraphNode): Draft<DiscoveryServiceNode> {
  return {
    kind: "aws.cloud-map-service",
    id: `${w.id}#discovery`,
    source: w.id,
    path: w.path,
    name: w.name,
    arn: N.discoveryServiceArn(s, w.name),
    hostname: `${w.name}.${N.namespaceName(s)}`,
    input: { Name: w.name, DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 10 }] }, HealthCheckCustomConfig: { FailureThreshold: 1 }, Tags: [] },
  };
}

/** The EFS file system of a Volume (encrypted; mounted with transit encryption). */
export function fileSystem(s: N.StackNames, n: GraphNode): Draft<FileSystemNode> {
  const token = `${s.stack}-${n.name}`;
  return { kind: "aws.efs-file-system", id: n.id, source: n.id, path: n.path, name: token, fileSystemId: N.fileSystemId(token), input: { CreationToken: token, Encrypted: true, PerformanceMode: "generalPurpose", Tags: [] } };
}
