import { BerthError, show } from "../core/errors.ts";
import type { SecretSource } from "../graph/schema.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * A reference to a secret value. The value never enters the graph, plans, logs or exports:
 * only this reference does, shown as `[secret:name]`. Workloads receive secrets as files.
 */
export class Secret {
  private constructor(
    readonly source: SecretSource,
    /** Name used for the secret's node id (`secret/<name>`). */
    readonly name: string,
  ) {}

  /** From the stack's config (`Pulumi.<stack>.yaml` key, or env `BERTH_CONFIG_<KEY>`). */
  static fromConfig(key: string): Secret {
    return new Secret({ kind: "config", key: check(key, "key") }, key);
  }
  /** From an environment variable of the process that deploys. */
  static fromEnv(name: string): Secret {
    return new Secret({ kind: "env", name: check(name, "name") }, name);
  }
  /** From a file on the deploying machine (relative to the stack directory). */
  static fromFile(path: string): Secret {
    if (typeof path !== "string" || path.length === 0) throw bad("path", path);
    const base = path.split("/").pop() ?? path;
    return new Secret({ kind: "file", path }, base.replace(/[^A-Za-z0-9_.-]/g, "_"));
  }
  /** An AWS Secrets Manager secret (optionally one JSON key of it). */
  static fromSecretsManager(arn: string, jsonKey?: string): Secret {
    const m = /^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:([\w/+=.@-]+)$/.exec(arn);
    if (!m) throw bad("arn", arn, "arn:aws:secretsmanager:<region>:<account>:secret:<name>");
    return new Secret({ kind: "aws-secrets-manager", arn, ...(jsonKey ? { jsonKey } : {}) }, m[1]!.replace(/[/+=@]/g, "_"));
  }
  /** An AWS SSM Parameter Store SecureString parameter. */
  static fromSsmParameter(arn: string): Secret {
    const m = /^arn:aws[\w-]*:ssm:[\w-]+:\d{12}:parameter\/([\w/.-]+)$/.exec(arn);
    if (!m) throw bad("arn", arn, "arn:aws:ssm:<region>:<account>:parameter/<name>");
    return new Secret({ kind: "aws-ssm", arn }, m[1]!.replace(/\//g, "_"));
  }
  /** One key of an existing Kubernetes Secret. */
  static fromKubernetesSecret(name: string, key: string): Secret {
    return new Secret({ kind: "kubernetes", name: check(name, "name"), key: check(key, "key") }, `${name}-${key}`);
  }
  /** How the secret appears anywhere humans look. */
  toString(): string {
    return `[secret:${this.name}]`;
  }
}

function check(value: string, field: string): string {
  if (typeof value !== "string" || !NAME.test(value)) throw bad(field, value);
  return value;
}

function bad(field: string, value: unknown, shape = "letters, digits, '.', '_' or '-'"): BerthError {
  return new BerthError({
    code: "secret.reference",
    path: "Secret",
    field,
    found: show(value),
    message: `Secret ${field} ${show(value)} is not valid.`,
    fix: `Use ${shape}.`,
  });
}
