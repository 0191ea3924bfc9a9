import { describe, expect, it } from "vitest";
import { Config } from "../../../../sdk/constructs/config.ts";
import { Secret } from "../../../../sdk/constructs/secret.ts";
import { Service } from "../../../../sdk/constructs/service.ts";
import { Image } from "../../../../sdk/constructs/image.ts";
import { secretAsFile } from "../../../../sdk/policy/rules/secret-as-file.ts";
import { graphWith, node, stackGraph, violations, workload } from "../fixtures.ts";

const secret = node("secret/db_password", { kind: "secret", source: { kind: "config", key: "db_password" } });

describe("secret.as-file", () => {
  it("passes a secret mounted read-only for its owner and read through *_FILE", () => {
    const graph = stackGraph(
      (s) =>
        void new Service(s, "web", {
          image: Image.fromRegistry("nginx:1.27.3"),
          secrets: { db_password: Secret.fromConfig("db_password") },
          env: { DB_PASSWORD_FILE: "/run/secrets/db_password" },
        }),
      { config: { db_password: "s3cret" } },
    );
    expect(violations(secretAsFile, graph)).toEqual([]);
  });

  it("fails a secret file readable by others", () => {
    const w = workload("Shop/web", { secrets: [{ secret: "secret/db_password", target: "db_password", mode: 0o444 }] });
    expect(violations(secretAsFile, graphWith([secret, w])).map((v) => [v.field, v.found, v.message])).toEqual([
      ["secrets.db_password.mode", "0444", "Service 'web' mounts [secret:db_password] at /run/secrets/db_password with mode 0444, wider than 0640."],
    ]);
    expect(violations(secretAsFile, graphWith([secret, w], { target: { kind: "fargate", cluster: "c", region: "eu-west-1", subnets: [], securityGroups: [] } }))).toEqual([]);
  });

  it("fails a *_FILE variable that points at a secret nobody mounts", () => {
    const w = workload("Shop/web", { env: { API_KEY_FILE: { kind: "literal", value: "/run/secrets/api_key" } } });
    expect(violations(secretAsFile, graphWith([w])).map((v) => v.message)).toEqual(["Service 'web' points API_KEY_FILE at /run/secrets/api_key, but no secret is mounted there."]);
  });

  it("fails env fed the plain value of a config key that backs a secret", () => {
    const graph = stackGraph(
      (s) => {
        new Service(s, "web", {
          image: Image.fromRegistry("nginx:1.27.3"),
          secrets: { db_password: Secret.fromConfig("db_password") },
          env: { DB_PASSWORD: Config.value("db_password") },
        });
      },
      { config: { db_password: "s3cret" } },
    );
    expect(violations(secretAsFile, graph).map((v) => [v.found, v.message])).toEqual([
      ["[secret:db_password]", "Service 'web' passes the secret config key 'db_password' as env DB_PASSWORD instead of a file."],
    ]);
  });
});
