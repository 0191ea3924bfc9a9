import { describe, expect, it } from "vitest";
import type { PortMapping, TargetSpec } from "../../../../sdk/graph/schema.ts";
import { netBindInterface } from "../../../../sdk/policy/rules/net-bind-interface.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const brief = (ports: PortMapping[], opts: { profile?: "dev" | "prod"; target?: TargetSpec } = {}) =>
  violations(netBindInterface, graphWith([workload("Shop/web", { ports })], opts)).map(({ field, found, message }) => ({ field, found, message }));
const P8080: PortMapping = { container: 8080, published: 8080, protocol: "tcp" };

describe("net.bind-interface", () => {
  it("passes a port with its own host address", () => {
    expect(brief([{ ...P8080, hostIp: "10.0.0.5" }], { profile: "prod" })).toEqual([]);
  });

  it("passes a port without hostIp when the DockerHost sets a bindAddress", () => {
    expect(brief([P8080], { profile: "prod", target: { kind: "docker-host", bindAddress: "10.0.0.5" } })).toEqual([]);
  });

  it("passes a port without hostIp in dev, which binds 127.0.0.1 by default", () => {
    expect(brief([P8080], { profile: "dev" })).toEqual([]);
  });

  it("passes ports that are not published", () => {
    expect(brief([{ container: 8080, protocol: "tcp" }], { profile: "prod" })).toEqual([]);
  });

  it("warns about a port without hostIp in prod with no bindAddress", () => {
    expect(brief([P8080], { profile: "prod" })).toEqual([
      { field: "ports[0].hostIp", found: "unset", message: "Service 'web' publishes port 8080/tcp on every host interface." },
    ]);
  });

  it("warns about an explicit 0.0.0.0 even in dev", () => {
    expect(brief([{ ...P8080, hostIp: "0.0.0.0" }], { profile: "dev" })).toEqual([
      { field: "ports[0].hostIp", found: "0.0.0.0", message: "Service 'web' publishes port 8080/tcp on every host interface." },
    ]);
  });

  it("warns on swarm, whose ingress publishes on every interface", () => {
    expect(brief([{ ...P8080, hostIp: "10.0.0.5" }], { target: { kind: "swarm" } })).toEqual([
      { field: "ports[0].hostIp", found: "10.0.0.5", message: "Service 'web' publishes port 8080/tcp on every host interface." },
    ]);
  });
});
