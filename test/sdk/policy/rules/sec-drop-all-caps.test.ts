import { describe, expect, it } from "vitest";
import { secDropAllCaps } from "../../../../sdk/policy/rules/sec-drop-all-caps.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const brief = (drop: string[]) =>
  violations(secDropAllCaps, graphWith([workload("Shop/web", { capabilities: { add: [], drop } })])).map(({ field, found, message }) => ({ field, found, message }));

describe("sec.drop-all-caps", () => {
  it("passes when ALL is dropped, in any case or with the CAP_ prefix", () => {
    expect(brief(["ALL"])).toEqual([]);
    expect(brief(["all"])).toEqual([]);
    expect(brief(["CAP_ALL"])).toEqual([]);
  });

  it("fails when nothing is dropped", () => {
    expect(brief([])).toEqual([{ field: "capabilities.drop", found: "[]", message: "Service 'web' does not drop all capabilities." }]);
  });

  it("fails when only some capabilities are dropped", () => {
    expect(brief(["NET_RAW"])).toEqual([{ field: "capabilities.drop", found: '["NET_RAW"]', message: "Service 'web' does not drop all capabilities." }]);
  });
});
