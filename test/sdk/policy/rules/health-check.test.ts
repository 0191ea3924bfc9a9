import { describe, expect, it } from "vitest";
import { healthCheck } from "../../../../sdk/policy/rules/health-check.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const hc = { test: { kind: "http" as const, port: 8080, path: "/healthz" }, intervalMs: 10000, timeoutMs: 5000, retries: 3, startPeriodMs: 0 };
const port = { container: 8080, protocol: "tcp" as const };

describe("health.check", () => {
  it("passes a service with ports and a healthcheck, a portless worker and a job", () => {
    const graph = graphWith([workload("Shop/web", { ports: [port], healthcheck: hc }), workload("Shop/worker"), workload("Shop/migrate", { kind: "job", ports: [port] })]);
    expect(violations(healthCheck, graph)).toEqual([]);
  });

  it("fails a service and a container that listen without a healthcheck", () => {
    const graph = graphWith([workload("Shop/web", { ports: [port, { container: 9090, protocol: "tcp" }] }), workload("Shop/admin", { kind: "container", ports: [port] })]);
    expect(violations(healthCheck, graph).map((v) => v.message)).toEqual([
      "Container 'admin' listens on port 8080 but has no healthcheck.",
      "Service 'web' listens on ports 8080, 9090 but has no healthcheck.",
    ]);
  });
});
