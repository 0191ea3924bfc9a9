import { describe, expect, it } from "vitest";
import { secReadonlyRootfs } from "../../../../sdk/policy/rules/sec-readonly-rootfs.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

describe("sec.readonly-rootfs", () => {
  it("passes a read-only root filesystem", () => {
    expect(violations(secReadonlyRootfs, graphWith([workload("Shop/web")]))).toEqual([]);
  });

  it("fails a writable root filesystem", () => {
    const v = violations(secReadonlyRootfs, graphWith([workload("Shop/web", { readOnlyRootFilesystem: false })]));
    expect(v.map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "readOnlyRootFilesystem", found: "false", message: "Service 'web' has a writable root filesystem." },
    ]);
  });

  it("prints the documented finding in prod", () => {
    const [f] = findings(graphWith([workload("Shop/web", { readOnlyRootFilesystem: false })], { profile: "prod" }), "sec.readonly-rootfs");
    expect(f).toMatchObject({
      rule: "sec.readonly-rootfs",
      severity: "error",
      path: "shop/Shop/web",
      field: "readOnlyRootFilesystem",
      found: "false",
      why: "a writable root lets a compromised process persist files and fill the disk.",
      fix: 'readOnlyRootFilesystem: true, and mount writable paths: tmpfs: ["/tmp"]',
    });
  });
});
