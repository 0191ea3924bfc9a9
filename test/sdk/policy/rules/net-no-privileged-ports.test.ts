import { describe, expect, it } from "vitest";
import { netNoPrivilegedPorts } from "../../../../sdk/policy/rules/net-no-privileged-ports.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

describe("net.no-privileged-ports", () => {
  it("passes host port 1024 and an unpublished port 80", () => {
    const g = graphWith([workload("Shop/web", { ports: [{ container: 80, published: 1024, protocol: "tcp" }, { container: 80, protocol: "tcp" }] })]);
    expect(violations(netNoPrivilegedPorts, g)).toEqual([]);
  });

  it("fails host port 80", () => {
    const g = graphWith([workload("Shop/web", { ports: [{ container: 8080, published: 80, protocol: "tcp" }] })]);
    expect(violations(netNoPrivilegedPorts, g).map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "ports[0].published", found: "80", message: "Service 'web' publishes the privileged port 80." },
    ]);
  });

  it("is accepted with an acknowledgement", () => {
    const g = graphWith([workload("Shop/web", { ports: [{ container: 8080, published: 443, protocol: "tcp" }] })], {
      profile: "prod",
      suppressions: [{ rule: "net.no-privileged-ports", node: "Shop/web", reason: "public HTTPS entry point" }],
    });
    const [f] = findings(g, "net.no-privileged-ports");
    expect(f?.suppressed?.reason).toBe("public HTTPS entry point");
  });
});
