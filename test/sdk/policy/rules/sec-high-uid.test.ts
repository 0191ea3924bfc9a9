import { describe, expect, it } from "vitest";
import { secHighUid } from "../../../../sdk/policy/rules/sec-high-uid.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

const brief = (user: string | undefined) =>
  violations(secHighUid, graphWith([workload("Shop/web", user === undefined ? {} : { user })])).map(({ field, found, message }) => ({ field, found, message }));

describe("sec.high-uid", () => {
  it("passes uid and gid above 10000", () => {
    expect(brief("10001:10001")).toEqual([]);
  });

  it("skips named users and unset users (their ids are not in the graph)", () => {
    expect(brief("app:app")).toEqual([]);
    expect(brief(undefined)).toEqual([]);
  });

  it("fails a uid and a gid of 999", () => {
    expect(brief("999:999")).toEqual([
      { field: "user", found: "999:999", message: "Service 'web' runs with uid 999, not above 10000." },
      { field: "user", found: "999:999", message: "Service 'web' runs with gid 999, not above 10000." },
    ]);
  });

  it("fails a uid of exactly 10000", () => {
    expect(brief("10000:10001")).toEqual([{ field: "user", found: "10000:10001", message: "Service 'web' runs with uid 10000, not above 10000." }]);
  });

  it("fails a numeric uid without a gid", () => {
    expect(brief("10001")).toEqual([{ field: "user", found: "10001", message: "Service 'web' sets no gid, so it may run with gid 0." }]);
    expect(brief("10001:")).toEqual([{ field: "user", found: "10001:", message: "Service 'web' sets no gid, so it may run with gid 0." }]);
  });

  it("is off in dev and warns in prod through the engine", () => {
    const g = (profile: "dev" | "prod") => graphWith([workload("Shop/web", { user: "999:999" })], { profile });
    expect(findings(g("dev"), "sec.high-uid")).toEqual([]);
    expect(findings(g("prod"), "sec.high-uid").map((f) => f.severity)).toEqual(["warning", "warning"]);
  });
});
