import { describe, expect, it } from "vitest";
import { secNoHostDevices } from "../../../../sdk/policy/rules/sec-no-host-devices.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("sec.no-host-devices", () => {
  it("passes a workload without devices", () => {
    expect(violations(secNoHostDevices, graphWith([workload("Shop/web")]))).toEqual([]);
  });

  it("fails each device passed through", () => {
    const v = violations(secNoHostDevices, graphWith([workload("Shop/web", { devices: ["/dev/fuse", "/dev/sda"] })]));
    expect(v.map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "devices[0]", found: "/dev/fuse", message: "Service 'web' passes through the host device /dev/fuse." },
      { field: "devices[1]", found: "/dev/sda", message: "Service 'web' passes through the host device /dev/sda." },
    ]);
  });
});
