import { describe, expect, it } from "vitest";
import type { TargetSpec } from "../../../../sdk/graph/schema.ts";
import { secNoDangerousCaps } from "../../../../sdk/policy/rules/sec-no-dangerous-caps.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

const FARGATE: TargetSpec = { kind: "fargate", cluster: "c", region: "eu-west-1", subnets: [], securityGroups: [] };
const brief = (add: string[], target?: TargetSpec) =>
  violations(secNoDangerousCaps, graphWith([workload("Shop/web", { capabilities: { add, drop: ["ALL"] } })], target ? { target } : {})).map(
    ({ field, found, message }) => ({ field, found, message }),
  );

describe("sec.no-dangerous-caps", () => {
  it("passes a narrow capability", () => {
    expect(brief(["NET_BIND_SERVICE"])).toEqual([]);
  });

  it("fails SYS_ADMIN and CAP_NET_ADMIN, one finding each", () => {
    expect(brief(["NET_BIND_SERVICE", "SYS_ADMIN", "CAP_NET_ADMIN"])).toEqual([
      { field: "capabilities.add[1]", found: "SYS_ADMIN", message: "Service 'web' adds the dangerous capability SYS_ADMIN." },
      { field: "capabilities.add[2]", found: "CAP_NET_ADMIN", message: "Service 'web' adds the dangerous capability NET_ADMIN." },
    ]);
  });

  it("fails ALL", () => {
    expect(brief(["ALL"])).toEqual([{ field: "capabilities.add[0]", found: "ALL", message: "Service 'web' adds the dangerous capability ALL." }]);
  });

  it("passes SYS_PTRACE on Fargate but fails it elsewhere", () => {
    expect(brief(["SYS_PTRACE"], FARGATE)).toEqual([]);
    expect(brief(["SYS_PTRACE"])).toEqual([{ field: "capabilities.add[0]", found: "SYS_PTRACE", message: "Service 'web' adds the dangerous capability SYS_PTRACE." }]);
  });

  it("fails any other capability on Fargate, with a Fargate fix", () => {
    const v = violations(secNoDangerousCaps, graphWith([workload("Shop/web", { capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] } })], { target: FARGATE }));
    expect(v.map(({ message, fix }) => ({ message, fix }))).toEqual([
      {
        message: "Service 'web' adds capability NET_BIND_SERVICE, which Fargate does not allow (only SYS_PTRACE).",
        fix: 'on Fargate, add nothing but SYS_PTRACE: capabilities: { add: ["SYS_PTRACE"] }, or none',
      },
    ]);
  });

  it("cannot be waived in prod", () => {
    const g = graphWith([workload("Shop/web", { capabilities: { add: ["SYS_ADMIN"], drop: ["ALL"] } })], {
      profile: "prod",
      suppressions: [{ rule: "sec.no-dangerous-caps", node: "Shop/web", reason: "vendor agent needs it" }],
    });
    const [f] = findings(g, "sec.no-dangerous-caps");
    expect(f?.severity).toBe("error");
    expect(f?.suppressed).toBeUndefined();
  });
});
