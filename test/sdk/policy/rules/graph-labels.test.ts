import { describe, expect, it } from "vitest";
import { graphLabels } from "../../../../sdk/policy/rules/graph-labels.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

describe("graph.labels", () => {
  it("passes labels on the workload or on the stack", () => {
    const g = graphWith([workload("Shop/web", { labels: { team: "payments" } })], { requiredLabels: ["team", "owner"], stack: { labels: { owner: "ana" } } });
    expect(violations(graphLabels, g)).toEqual([]);
  });

  it("passes when the stack requires no labels", () => {
    expect(violations(graphLabels, graphWith([workload("Shop/web")]))).toEqual([]);
  });

  it("fails each missing required label", () => {
    const g = graphWith([workload("Shop/migrate", { kind: "job", labels: { team: "payments" } })], { requiredLabels: ["team", "owner"] });
    expect(violations(graphLabels, g).map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "labels.owner", found: "unset", message: "Job 'migrate' has no 'owner' label." },
    ]);
  });

  it("is off in dev and warns in prod", () => {
    const g = (profile: "dev" | "prod") => graphWith([workload("Shop/web")], { profile, requiredLabels: ["team"] });
    expect(findings(g("dev"), "graph.labels")).toEqual([]);
    expect(findings(g("prod"), "graph.labels").map((f) => f.severity)).toEqual(["warning"]);
  });
});
