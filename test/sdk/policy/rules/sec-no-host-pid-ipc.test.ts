import { describe, expect, it } from "vitest";
import { secNoHostPidIpc } from "../../../../sdk/policy/rules/sec-no-host-pid-ipc.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("sec.no-host-pid-ipc", () => {
  it("passes a workload with its own pid and ipc namespaces", () => {
    expect(violations(secNoHostPidIpc, graphWith([workload("Shop/web")]))).toEqual([]);
  });

  it("fails host pid and host ipc separately", () => {
    const v = violations(secNoHostPidIpc, graphWith([workload("Shop/web", { hostPid: true, hostIpc: true })]));
    expect(v.map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "hostPid", found: "true", message: "Service 'web' shares the host pid namespace." },
      { field: "hostIpc", found: "true", message: "Service 'web' shares the host ipc namespace." },
    ]);
  });
});
