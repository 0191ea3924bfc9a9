import { describe, expect, it } from "vitest";
import { secNoPrivilegeEscalation } from "../../../../sdk/policy/rules/sec-no-privilege-escalation.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("sec.no-privilege-escalation", () => {
  it("passes when no-new-privileges is on", () => {
    expect(violations(secNoPrivilegeEscalation, graphWith([workload("Shop/web")]))).toEqual([]);
  });

  it("fails when no-new-privileges is off", () => {
    const v = violations(secNoPrivilegeEscalation, graphWith([workload("Shop/migrate", { kind: "job", noNewPrivileges: false })]));
    expect(v.map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "noNewPrivileges", found: "false", message: "Job 'migrate' allows privilege escalation." },
    ]);
  });
});
