import { describe, expect, it } from "vitest";
import { Secret } from "../../../sdk/constructs/secret.ts";
import { catchBerthError } from "../../support/berth-error.ts";

describe("Secret", () => {
  it("keeps only a reference for every source, never a value", () => {
    expect(Secret.fromConfig("dbPassword").source).toEqual({ kind: "config", key: "dbPassword" });
    expect(Secret.fromEnv("API_TOKEN").source).toEqual({ kind: "env", name: "API_TOKEN" });
    expect(Secret.fromFile("./secrets/tls key.pem").source).toEqual({ kind: "file", path: "./secrets/tls key.pem" });
    expect(Secret.fromKubernetesSecret("db", "password").source).toEqual({ kind: "kubernetes", name: "db", key: "password" });
    const sm = Secret.fromSecretsManager("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf", "password");
    expect(sm.source).toEqual({ kind: "aws-secrets-manager", arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf", jsonKey: "password" });
    expect(Secret.fromSsmParameter("arn:aws:ssm:us-east-1:123456789012:parameter/prod/db/password").source).toEqual({
      kind: "aws-ssm",
      arn: "arn:aws:ssm:us-east-1:123456789012:parameter/prod/db/password",
    });
  });

  it("derives node names that are safe as file and object names", () => {
    expect(Secret.fromFile("./secrets/tls key.pem").name).toBe("tls_key.pem");
    expect(Secret.fromSecretsManager("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf").name).toBe("prod_db-AbCdEf");
    expect(Secret.fromSsmParameter("arn:aws:ssm:us-east-1:123456789012:parameter/prod/db/password").name).toBe("prod_db_password");
    expect(Secret.fromKubernetesSecret("db", "password").name).toBe("db-password");
  });

  it("shows itself as [secret:name] wherever humans look", () => {
    expect(String(Secret.fromConfig("dbPassword"))).toBe("[secret:dbPassword]");
    expect(`${Secret.fromEnv("TOKEN")}`).toBe("[secret:TOKEN]");
  });

  it("fails a malformed key with secret.reference naming the field", () => {
    expect(catchBerthError(() => Secret.fromConfig("db password")).issues).toEqual([
      {
        code: "secret.reference",
        path: "Secret",
        field: "key",
        found: '"db password"',
        message: 'Secret key "db password" is not valid.',
        fix: "Use letters, digits, '.', '_' or '-'.",
      },
    ]);
    expect(catchBerthError(() => Secret.fromFile("")).issues[0]!.field).toBe("path");
  });

  it("fails an ARN of the wrong service with the ARN shape in the fix", () => {
    const e = catchBerthError(() => Secret.fromSecretsManager("arn:aws:ssm:us-east-1:123456789012:parameter/x"));
    expect(e.issues[0]).toMatchObject({ code: "secret.reference", field: "arn", fix: "Use arn:aws:secretsmanager:<region>:<account>:secret:<name>." });
    expect(catchBerthError(() => Secret.fromSsmParameter("arn:aws:ssm:us-east-1:12345:parameter/x")).issues[0]!.fix).toBe(
      "Use arn:aws:ssm:<region>:<account>:parameter/<name>.",
    );
  });
});
