import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { GraphNode } from "../../../../sdk/graph/schema.ts";
import { secretRefsResolve } from "../../../../sdk/policy/rules/secret-refs-resolve.ts";
import { graphWith, node, violations, workload } from "../fixtures.ts";

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

const fromEnv = node("secret/STRIPE_KEY", { kind: "secret", source: { kind: "env", name: "STRIPE_KEY" } });
const fromFile = node("secret/tls.key", { kind: "secret", source: { kind: "file", path: "certs/tls.key" } });
/** A Service mounting the given secrets. */
const using = (...secrets: GraphNode[]) => [...secrets, workload("Shop/web", { secrets: secrets.map((s) => ({ secret: s.id, target: s.id.split("/").pop()!, mode: 0o400 })) })];

describe("secret.refs-resolve", () => {
  it("passes an env secret that is set and a file secret that exists", () => {
    dir = mkdtempSync(join(tmpdir(), "berth-refs-"));
    writeFileSync(join(dir, "tls.key"), "key");
    const local = node("secret/tls.key", { kind: "secret", source: { kind: "file", path: "tls.key" } });
    expect(violations(secretRefsResolve, graphWith(using(fromEnv, local)), { env: { STRIPE_KEY: "sk" }, stackDir: dir })).toEqual([]);
  });

  it("fails an env secret that is not set and a file secret that does not exist, showing only the reference", () => {
    dir = mkdtempSync(join(tmpdir(), "berth-refs-"));
    expect(violations(secretRefsResolve, graphWith(using(fromEnv, fromFile)), { env: {}, stackDir: dir }).map((v) => [v.field, v.found, v.message])).toEqual([
      ["secrets.STRIPE_KEY", "[secret:STRIPE_KEY]", "Service 'web' mounts [secret:STRIPE_KEY], which reads env STRIPE_KEY, which is not set."],
      ["secrets.tls.key", "[secret:tls.key]", "Service 'web' mounts [secret:tls.key], which reads file certs/tls.key, which does not exist."],
    ]);
  });

  it("does not judge a relative file without a stack directory, nor config and cloud secrets", () => {
    const cloud = node("secret/db", { kind: "secret", source: { kind: "aws-ssm", arn: "arn:aws:ssm:eu-west-1:123456789012:parameter/db" } });
    const cfg = node("secret/pw", { kind: "secret", source: { kind: "config", key: "pw" } });
    expect(violations(secretRefsResolve, graphWith(using(fromFile, cloud, cfg)), { env: {} })).toEqual([]);
  });
});
