import { describe, expect, it } from "vitest";
import { secSeccomp } from "../../../../sdk/policy/rules/sec-seccomp.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("sec.seccomp", () => {
  it("passes the runtime default and a named profile", () => {
    expect(violations(secSeccomp, graphWith([workload("Shop/web"), workload("Shop/api", { seccompProfile: "profiles/api.json" })]))).toEqual([]);
  });

  it("fails an unconfined profile", () => {
    const v = violations(secSeccomp, graphWith([workload("Shop/web", { seccompProfile: "unconfined" })]));
    expect(v.map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "seccompProfile", found: "unconfined", message: "Service 'web' runs without a seccomp profile." },
    ]);
  });
});
