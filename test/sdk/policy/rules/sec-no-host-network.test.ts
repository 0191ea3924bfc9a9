import { describe, expect, it } from "vitest";
import { secNoHostNetwork } from "../../../../sdk/policy/rules/sec-no-host-network.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("sec.no-host-network", () => {
  it("passes a workload in its own network namespace", () => {
    expect(violations(secNoHostNetwork, graphWith([workload("Shop/web")]))).toEqual([]);
  });

  it("fails a workload on the host network", () => {
    const v = violations(secNoHostNetwork, graphWith([workload("Shop/web", { hostNetwork: true })]));
    expect(v.map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "hostNetwork", found: "true", message: "Service 'web' uses the host network namespace." },
    ]);
  });
});
