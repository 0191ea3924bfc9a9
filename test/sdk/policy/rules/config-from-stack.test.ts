import { describe, expect, it } from "vitest";
import type { EnvValue } from "../../../../sdk/graph/schema.ts";
import { configFromStack, environmentSpecific } from "../../../../sdk/policy/rules/config-from-stack.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const lit = (value: string): EnvValue => ({ kind: "literal", value });
const run = (env: Record<string, EnvValue>) => violations(configFromStack, graphWith([workload("Shop/web", { env }), workload("Shop/db")])).map((v) => [v.field, v.message]);

describe("config.from-stack", () => {
  it("passes config values, references and environment-neutral literals", () => {
    expect(
      run({
        API_URL: { kind: "config", key: "apiUrl", value: "https://api.example.com" },
        DB_HOST: { kind: "ref", node: "Shop/db", attribute: "hostname" },
        LOG_FORMAT: lit("json"),
        PORT: lit("8080"),
        CONFIG_FILE: lit("settings.json"),
      }),
    ).toEqual([]);
  });

  it("warns on literal URLs, hostnames, modes and worker counts", () => {
    expect(run({ API_URL: lit("https://api.example.com/v1"), SMTP: lit("smtp.mailgun.org"), APP_ENV: lit("production"), WEB_WORKERS: lit("4") })).toEqual([
      ["env.API_URL", "Service 'web' hard-codes env API_URL to a URL."],
      ["env.APP_ENV", "Service 'web' hard-codes env APP_ENV to the environment mode 'production'."],
      ["env.SMTP", "Service 'web' hard-codes env SMTP to a hostname."],
      ["env.WEB_WORKERS", "Service 'web' hard-codes env WEB_WORKERS to a replica or worker count."],
    ]);
  });

  it("leaves hard-coded endpoints to config.no-hardcoded-endpoints", () => {
    expect(run({ DB_URL: lit("postgres://db:5432/shop"), CACHE: lit("http://10.0.0.7:6379") })).toEqual([]);
  });

  it("classifies values", () => {
    expect([["X", "staging"], ["X", "app.yaml"], ["REPLICAS", "3"], ["PORT", "3"]].map(([n, v]) => environmentSpecific(n!, v!) ?? null)).toEqual([
      "the environment mode 'staging'", null, "a replica or worker count", null,
    ]);
  });
});
