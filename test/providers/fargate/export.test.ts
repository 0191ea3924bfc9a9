import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fargateProvider } from "../../../providers/fargate/provider.ts";
import type { ExportResult } from "../../../providers/shared/provider.ts";
import { REPO_ROOT } from "../../support/kubernetes.ts";
import { CANARY, shopPortable } from "./fixture-graph.ts";

const FIXTURE = "test/providers/fargate/fixtures/shop";

/** The shop's `ecs` export, as `berth export --format ecs` renders it. */
function exported(): ExportResult {
  return fargateProvider.exports[0]!.render({ graph: shopPortable(), dir: join(REPO_ROOT, FIXTURE), config: () => undefined });
}

describe("berth export --format ecs", () => {
  it("is the Fargate target's default export", () => {
    expect(fargateProvider.exports.map((e) => [e.name, e.aliases])).toEqual([["ecs", ["fargate"]]]);
  });

  it("writes per workload a task definition and a service (or run-task) file beside an index listing them in apply order", () => {
    const r = exported();
    expect(r.main.name).toBe("ecs.json");
    expect(Object.keys(r.files).sort()).toEqual([
      "shop-db.service.json",
      "shop-db.task-definition.json",
      "shop-migrate.run-task.json",
      "shop-migrate.task-definition.json",
      "shop-web.service.json",
      "shop-web.task-definition.json",
    ]);
    const index = JSON.parse(r.main.text);
    expect(index.workloads).toEqual([
      { node: "Shop/db", taskDefinition: "shop-db.task-definition.json", service: "shop-db.service.json" },
      { node: "Shop/migrate", taskDefinition: "shop-migrate.task-definition.json", runTask: "shop-migrate.run-task.json" },
      { node: "Shop/web", taskDefinition: "shop-web.task-definition.json", service: "shop-web.service.json" },
    ]);
    expect(index.objects.map((o: { kind: string; name: string }) => [o.kind, o.name])).toEqual([
      ["aws.execution-role", "shop-execution"],
      ["aws.load-balancer", "shop-berth"],
      ["aws.log-group", "/berth/shop"],
      ["aws.cloud-map-namespace", "shop.internal"],
      ["aws.cloud-map-service", "shop-db"],
      ["aws.efs-file-system", "shop-shop-pgdata"],
      ["aws.cloud-map-service", "shop-web"],
      ["aws.listener", "8080"],
      ["aws.target-group", "shop-shop-web-8080"],
      ["aws.secret", "shop/secret-dbpassword"],
    ]);
  });

  it("exports no secret value, only ARNs, and says how each stack-owned secret is created from a file", () => {
    const r = exported();
    for (const text of [r.main.text, ...Object.values(r.files)]) expect(text).not.toContain(CANARY);
    expect(JSON.parse(r.files["shop-web.task-definition.json"]!).containerDefinitions[0].secrets).toEqual([
      { name: "BERTH_SECRET_0", valueFrom: "arn:aws:secretsmanager:us-east-1:<account>:secret:shop/secret-dbpassword" },
    ]);
    expect(r.secrets).toEqual({ "secrets/shop-secret-dbpassword": "secret/dbPassword" });
    expect(r.notes[0]).toBe(
      "Secret shop/secret-dbpassword (secret/dbPassword) is exported without its value: create it with `aws secretsmanager create-secret --name shop/secret-dbpassword --secret-string file://secrets/shop-secret-dbpassword`; task definitions name it as arn:aws:secretsmanager:us-east-1:<account>:secret:shop/secret-dbpassword.",
    );
  });

  it("says what the AWS CLI cannot do: wait for dependencies", () => {
    expect(exported().notes.filter((n) => n.includes("depends on"))).toEqual([
      "Shop/migrate depends on Shop/db: the AWS CLI cannot wait; create Shop/migrate only after Shop/db is stable with healthy tasks.",
      "Shop/web depends on Shop/migrate: the AWS CLI cannot wait; create Shop/web only after Shop/migrate has stopped with exit code 0.",
    ]);
  });

  it("works through the unchanged CLI: berth export writes the files and berth check judges the Fargate stack with its target rules", () => {
    const out = mkdtempSync(join(tmpdir(), "berth-ecs-"));
    try {
      const r = spawnSync(process.execPath, ["bin/berth.js", "export", FIXTURE, "--format", "ecs", "--out", join(out, "ecs.json")], { cwd: REPO_ROOT, encoding: "utf8" });
      expect([r.status, r.stderr.split("\n").filter(Boolean)]).toEqual([0, exported().notes.map((n) => `note: ${n}`)]);
      expect(readdirSync(out).sort()).toEqual(["ecs.json", ...Object.keys(exported().files)].sort());
      expect(readFileSync(join(out, "shop-web.service.json"), "utf8")).toBe(exported().files["shop-web.service.json"]);
      const c = spawnSync(process.execPath, ["bin/berth.js", "check", FIXTURE, "--json"], { cwd: REPO_ROOT, encoding: "utf8" });
      const json = JSON.parse(c.stdout);
      expect(c.status).toBe(3);
      expect(json.findings.filter((f: { severity: string }) => f.severity === "error").map((f: { rule: string; node?: string }) => `${f.rule} ${f.node ?? ""}`)).toEqual([
        "net.no-public-exposure Shop/web",
      ]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
