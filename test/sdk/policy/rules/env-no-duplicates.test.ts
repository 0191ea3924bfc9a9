import { describe, expect, it } from "vitest";
import type { EnvValue } from "../../../../sdk/graph/schema.ts";
import { envNoDuplicates } from "../../../../sdk/policy/rules/env-no-duplicates.ts";
import { graphWith, node, violations, workload } from "../fixtures.ts";

const lit = (value: string): EnvValue => ({ kind: "literal", value });
const secret = node("secret/api_key", { kind: "secret", source: { kind: "config", key: "api_key" } });

describe("env.no-duplicates", () => {
  it("passes distinct variables and a secret read through *_FILE", () => {
    const w = workload("Shop/web", { env: { API_KEY_FILE: lit("/run/secrets/api_key"), LOG_LEVEL: lit("info") }, secrets: [{ secret: "secret/api_key", target: "api_key", mode: 0o400 }] });
    expect(violations(envNoDuplicates, graphWith([secret, w]))).toEqual([]);
  });

  it("fails case duplicates, FOO with FOO_FILE, and env that repeats a mounted secret", () => {
    const w = workload("Shop/web", {
      env: { LOG_LEVEL: lit("info"), log_level: lit("debug"), API_KEY: lit("x"), API_KEY_FILE: lit("/run/secrets/api_key") },
      secrets: [{ secret: "secret/api_key", target: "api_key", mode: 0o400 }],
    });
    expect(violations(envNoDuplicates, graphWith([secret, w])).map((v) => [v.field, v.found, v.message])).toEqual([
      ["env.log_level", '["LOG_LEVEL","log_level"]', "Service 'web' defines env LOG_LEVEL and log_level, which differ only by case."],
      ["env.API_KEY", '["API_KEY","API_KEY_FILE"]', "Service 'web' defines both API_KEY and API_KEY_FILE."],
      ["env.API_KEY", '["API_KEY","secrets.api_key"]', "Service 'web' defines env API_KEY and also mounts the secret file api_key."],
    ]);
  });
});
