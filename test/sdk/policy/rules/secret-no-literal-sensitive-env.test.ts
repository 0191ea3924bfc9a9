import { describe, expect, it } from "vitest";
import type { EnvValue } from "../../../../sdk/graph/schema.ts";
import { credentialPattern, isSensitiveName, secretNoLiteralSensitiveEnv } from "../../../../sdk/policy/rules/secret-no-literal-sensitive-env.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const lit = (value: string): EnvValue => ({ kind: "literal", value });
const run = (env: Record<string, EnvValue>) => violations(secretNoLiteralSensitiveEnv, graphWith([workload("Shop/web", { env })])).map((v) => [v.field, v.found, v.message]);

describe("secret.no-literal-sensitive-env", () => {
  it("passes secret file paths, *_FILE variables, references and harmless names", () => {
    expect(
      run({
        DB_PASSWORD_FILE: lit("/run/secrets/db_password"),
        DB_PASSWORD: lit("/run/secrets/db_password"),
        TOKEN_URL: lit("https://auth.example.com/token"),
        SECRET_NAME: lit("shop-db"),
        DB_HOST: { kind: "ref", node: "Shop/db", attribute: "hostname" },
        LOG_LEVEL: lit("info"),
      }),
    ).toEqual([]);
  });

  it("fails a sensitive name with a literal or plain config value, never showing the value", () => {
    expect(run({ DB_PASSWORD: lit("hunter2"), apiKey: { kind: "config", key: "stripeKey", value: "abc" }, AWS_SECRET_ACCESS_KEY: lit("x".repeat(40)) })).toEqual([
      ["env.AWS_SECRET_ACCESS_KEY", "[redacted literal, 40 characters]", "Service 'web' sets the sensitive env AWS_SECRET_ACCESS_KEY to a literal value."],
      ["env.DB_PASSWORD", "[redacted literal, 7 characters]", "Service 'web' sets the sensitive env DB_PASSWORD to a literal value."],
      ["env.apiKey", 'Config.value("stripeKey")', "Service 'web' sets the sensitive env apiKey to a plain config value (key 'stripeKey')."],
    ]);
  });

  it("fails a value that looks like a key or a known token, whatever the name", () => {
    expect(run({ GREETING: lit(`ghp_${"a".repeat(36)}`), CERT: lit("-----BEGIN RSA PRIVATE KEY-----\nMIIB") }).map((v) => v[2])).toEqual([
      "Service 'web' has env CERT whose value looks like a PEM private key.",
      "Service 'web' has env GREETING whose value looks like a GitHub token.",
    ]);
  });

  it("knows sensitive names and token shapes", () => {
    expect(["DB_PASSWORD", "passwd", "GITHUB_TOKEN", "client_secret", "API_KEY", "apiKey", "PRIVATE_KEY", "CREDENTIALS", "PASSWORD_FILE", "KEYBOARD", "MONKEY"].map(isSensitiveName)).toEqual([
      true, true, true, true, true, true, true, true, false, false, false,
    ]);
    expect(["AKIAIOSFODNN7EXAMPLE", "xoxb-1234567890-abc", `sk_live_${"1".repeat(24)}`, "hello"].map((v) => credentialPattern(v) ?? null)).toEqual([
      "an AWS access key id", "a Slack token", "a Stripe live key", null,
    ]);
  });
});
