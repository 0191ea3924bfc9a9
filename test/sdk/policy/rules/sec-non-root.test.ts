import { describe, expect, it } from "vitest";
import { secNonRoot } from "../../../../sdk/policy/rules/sec-non-root.ts";
import { Image, Job } from "../../../../sdk/index.ts";
import { findings, graphWith, stackGraph, violations, workload } from "../fixtures.ts";

const brief = (user: string | undefined) =>
  violations(secNonRoot, graphWith([workload("Shop/web", user === undefined ? {} : { user })])).map(({ field, found, message }) => ({ field, found, message }));

describe("sec.non-root", () => {
  it("passes a numeric non-root uid", () => {
    expect(brief("10001:10001")).toEqual([]);
  });

  it("passes a named user other than root", () => {
    expect(brief("app")).toEqual([]);
  });

  it("fails when no user is set", () => {
    expect(brief(undefined)).toEqual([
      { field: "user", found: "unset", message: "Service 'web' sets no user, so it runs as the image's user (often root)." },
    ]);
  });

  it.each(["root", "0", "0:0", "root:root", "0:10001"])("fails for the root user %s", (user) => {
    expect(brief(user)).toEqual([{ field: "user", found: user, message: "Service 'web' runs as root." }]);
  });

  it("passes uid 1000 with group 0, since only the uid decides root", () => {
    expect(brief("1000:0")).toEqual([]);
  });

  it("warns in dev and fails in prod through the engine", () => {
    const dev = findings(graphWith([workload("Shop/web", { user: "root" })], { profile: "dev" }), "sec.non-root");
    const prod = findings(graphWith([workload("Shop/web", { user: "root" })], { profile: "prod" }), "sec.non-root");
    expect(dev.map((f) => [f.severity, f.path, f.field, f.found])).toEqual([["warning", "shop/Shop/web", "user", "root"]]);
    expect(prod.map((f) => [f.severity, f.path, f.field, f.found])).toEqual([["error", "shop/Shop/web", "user", "root"]]);
  });

  it("fails a synthesized job that sets no user", () => {
    const g = stackGraph((stack) => {
      new Job(stack, "migrate", { image: Image.fromRegistry("flyway/flyway:10.17.0"), command: ["migrate"] });
    });
    expect(findings(g, "sec.non-root").map((f) => [f.path, f.field, f.found, f.message])).toEqual([
      ["shop/migrate", "user", "unset", "Job 'migrate' sets no user, so it runs as the image's user (often root)."],
    ]);
  });
});
