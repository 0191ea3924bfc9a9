import { describe, expect, it } from "vitest";
import { secNoPrivileged } from "../../../../sdk/policy/rules/sec-no-privileged.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

describe("sec.no-privileged", () => {
  it("passes an unprivileged workload", () => {
    expect(violations(secNoPrivileged, graphWith([workload("Shop/web")]))).toEqual([]);
  });

  it("fails a privileged container", () => {
    const v = violations(secNoPrivileged, graphWith([workload("Shop/agent", { kind: "container", privileged: true })]));
    expect(v.map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "privileged", found: "true", message: "Container 'agent' runs privileged." },
    ]);
  });

  it("is an error in dev and is skipped on swarm, where services cannot be privileged", () => {
    const g = graphWith([workload("Shop/web", { privileged: true })]);
    expect(findings(g, "sec.no-privileged").map((f) => f.severity)).toEqual(["error"]);
    const swarm = graphWith([workload("Shop/web", { privileged: true })], { target: { kind: "swarm" } });
    expect(findings(swarm, "sec.no-privileged")).toEqual([]);
  });
});
