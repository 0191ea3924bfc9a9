import { describe, expect, it } from "vitest";
import { catalogueRow, POLICY } from "../catalogue.ts";
import { RULES_B } from "../../../../sdk/policy/rules/set-b.ts";

/** POLICY.md's rows for part B (Security onwards): dev, prod (with M), targets. */
const TABLE: Record<string, string> = Object.fromEntries(Object.entries(POLICY).slice(Object.keys(POLICY).indexOf("sec.non-root")));

describe("RULES_B", () => {
  it("holds exactly the part-B rules of POLICY.md, in its order", () => {
    expect(RULES_B.map((r) => r.id)).toEqual(Object.keys(TABLE));
  });

  it.each(RULES_B.map((r) => [r.id, r] as const))("gives %s the levels, mandatory flag and targets of POLICY.md", (id, rule) => {
    expect(catalogueRow(rule)).toBe(TABLE[id]);
  });

  it("gives every rule a why and a fix", () => {
    expect(RULES_B.filter((r) => r.why.length < 20 || r.fix.length < 10).map((r) => r.id)).toEqual([]);
  });
});
