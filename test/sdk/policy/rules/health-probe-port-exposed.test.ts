import { describe, expect, it } from "vitest";
import type { HealthTest } from "../../../../sdk/graph/schema.ts";
import { healthProbePortExposed } from "../../../../sdk/policy/rules/health-probe-port-exposed.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const hc = (test: HealthTest) => ({ test, intervalMs: 10000, timeoutMs: 5000, retries: 3, startPeriodMs: 0 });
const run = (test: HealthTest, ports: number[]) =>
  violations(healthProbePortExposed, graphWith([workload("Shop/web", { healthcheck: hc(test), ports: ports.map((container) => ({ container, protocol: "tcp" as const })) })]));

describe("health.probe-port-exposed", () => {
  it("passes an HTTP or TCP check on a declared port, and a command check", () => {
    expect(run({ kind: "http", port: 8080, path: "/" }, [8080])).toEqual([]);
    expect(run({ kind: "tcp", port: 5432 }, [5432, 9187])).toEqual([]);
    expect(run({ kind: "command", command: ["pg_isready"] }, [])).toEqual([]);
  });

  it("fails a check on a port the workload does not declare", () => {
    expect(run({ kind: "http", port: 8081, path: "/healthz" }, [8080]).map((v) => [v.field, v.found, v.message, v.fix])).toEqual([
      ["healthcheck.test.port", "8081", "Service 'web' checks HTTP port 8081, which is not one of its ports (8080).", "ports: [8080, 8081], or check one of the declared ports"],
    ]);
    expect(run({ kind: "tcp", port: 6379 }, []).map((v) => v.message)).toEqual(["Service 'web' checks TCP port 6379, which is not one of its ports (none)."]);
  });
});
