import { describe, expect, it } from "vitest";
import type { EnvValue } from "../../../../sdk/graph/schema.ts";
import { configNoHardcodedEndpoints } from "../../../../sdk/policy/rules/config-no-hardcoded-endpoints.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const lit = (value: string): EnvValue => ({ kind: "literal", value });
const run = (env: Record<string, EnvValue>) =>
  violations(configNoHardcodedEndpoints, graphWith([workload("Shop/web", { env }), workload("Shop/db")])).map((v) => [v.field, v.found, v.message]);

describe("config.no-hardcoded-endpoints", () => {
  it("passes graph references, bind addresses, external hosts and words that only look like service names", () => {
    expect(
      run({
        DB_HOST: { kind: "ref", node: "Shop/db", attribute: "hostname" },
        BIND: lit("0.0.0.0:8080"),
        HOST: lit("0.0.0.0"),
        API: lit("https://api.stripe.com"),
        MODE: lit("db"),
        SELF_HOST: lit("web"),
      }),
    ).toEqual([]);
  });

  it("fails IP addresses, localhost and literal hostnames of other workloads", () => {
    expect(run({ DATABASE_URL: lit("postgres://app@db:5432/shop"), CACHE: lit("10.0.0.7:6379"), API: lit("http://localhost:3000"), DB_HOST: lit("shop-db"), PEER: lit("[::1]:80") })).toEqual([
      ["env.API", '"http://localhost:3000"', "Service 'web' sets env API to localhost."],
      ["env.CACHE", '"10.0.0.7:6379"', "Service 'web' sets env CACHE to the IP address 10.0.0.7."],
      ["env.DATABASE_URL", '"postgres://app@db:5432/shop"', "Service 'web' sets env DATABASE_URL to the literal hostname of Shop/db."],
      ["env.DB_HOST", '"shop-db"', "Service 'web' sets env DB_HOST to the literal hostname of Shop/db."],
      ["env.PEER", '"[::1]:80"', "Service 'web' sets env PEER to the IP address [::1]."],
    ]);
  });
});
