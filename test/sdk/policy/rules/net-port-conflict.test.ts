import { describe, expect, it } from "vitest";
import type { PortMapping, TargetSpec } from "../../../../sdk/graph/schema.ts";
import { netPortConflict } from "../../../../sdk/policy/rules/net-port-conflict.ts";
import { Image, Service } from "../../../../sdk/index.ts";
import { findings, graphWith, stackGraph, violations, workload } from "../fixtures.ts";

const port = (published: number, extra: Partial<PortMapping> = {}): PortMapping => ({ container: 8080, published, protocol: "tcp", ...extra });
const brief = (web: PortMapping[], api: PortMapping[], opts: { profile?: "dev" | "prod"; target?: TargetSpec } = {}) =>
  violations(netPortConflict, graphWith([workload("Shop/api", { ports: api }), workload("Shop/web", { ports: web })], opts)).map(({ node, field, found, message }) => ({
    node: node?.id,
    field,
    found,
    message,
  }));

describe("net.port-conflict", () => {
  it("passes two services on different host ports", () => {
    expect(brief([port(8080)], [port(8081)])).toEqual([]);
  });

  it("passes the same port on different protocols or different addresses", () => {
    expect(brief([port(53, { protocol: "udp" })], [port(53)])).toEqual([]);
    expect(brief([port(8080, { hostIp: "10.0.0.5" })], [port(8080, { hostIp: "10.0.0.6" })])).toEqual([]);
  });

  it("fails when two services publish port 80, naming both once", () => {
    expect(brief([port(80)], [port(80)], { profile: "prod" })).toEqual([
      { node: "Shop/web", field: "ports[0].published", found: "80", message: "Service 'api' and Service 'web' both publish 80/tcp on every interface." },
    ]);
  });

  it("fails when 0.0.0.0 and a specific address share a port", () => {
    expect(brief([port(8080, { hostIp: "0.0.0.0" })], [port(8080, { hostIp: "127.0.0.1" })])).toEqual([
      { node: "Shop/web", field: "ports[0].published", found: "8080", message: "Service 'api' and Service 'web' both publish 8080/tcp on 127.0.0.1." },
    ]);
  });

  it("fails two ports of one service on the same host port", () => {
    expect(brief([port(8080), port(8080, { container: 9090 })], [])).toEqual([
      { node: "Shop/web", field: "ports[1].published", found: "8080", message: "Service 'web' publishes 8080/tcp twice on 127.0.0.1 (ports[0] and ports[1])." },
    ]);
  });

  it("ignores host addresses on swarm, whose ingress takes the port cluster-wide", () => {
    const v = brief([port(8080, { hostIp: "10.0.0.5" })], [port(8080, { hostIp: "10.0.0.6" })], { target: { kind: "swarm" } });
    expect(v.map((x) => x.message)).toEqual(["Service 'api' and Service 'web' both publish 8080/tcp on every interface."]);
  });

  it("among many workloads, reports each pair on a shared port once and nothing for the others", () => {
    const many = Array.from({ length: 200 }, (_, i) => workload(`w${String(i).padStart(3, "0")}`, { ports: [port(i === 10 || i === 20 || i === 30 ? 80 : 10_000 + i)] }));
    expect(violations(netPortConflict, graphWith(many)).map((v) => [v.node?.id, v.message])).toEqual([
      ["w020", "Service 'w010' and Service 'w020' both publish 80/tcp on 127.0.0.1."],
      ["w030", "Service 'w010' and Service 'w030' both publish 80/tcp on 127.0.0.1."],
      ["w030", "Service 'w020' and Service 'w030' both publish 80/tcp on 127.0.0.1."],
    ]);
  });

  it("reports one stack-wide error through the engine, on the later service", () => {
    const g = graphWith([workload("Shop/api", { ports: [port(80)] }), workload("Shop/web", { ports: [port(80)] })]);
    expect(findings(g, "net.port-conflict").map((f) => [f.severity, f.path, f.field])).toEqual([["error", "shop/Shop/web", "ports[0].published"]]);
  });

  it("fails a replicated service that publishes a host port on a Docker host, once per port", () => {
    const g = graphWith([workload("Shop/web", { replicas: 3, ports: [port(8080)] })]);
    expect(violations(netPortConflict, g).map(({ node, field, found, message, fix }) => ({ node: node?.id, field, found, message, fix }))).toEqual([
      {
        node: "Shop/web",
        field: "ports[0].published",
        found: "8080",
        message: "Service 'web' publishes 8080/tcp on 127.0.0.1 from each of its 3 replicas.",
        fix: "publish no host port on a replicated service (put a proxy in front of it), or replicas: 1",
      },
    ]);
  });

  it("passes a replicated service on swarm, whose ingress shares one port between replicas", () => {
    expect(violations(netPortConflict, graphWith([workload("Shop/web", { replicas: 3, ports: [port(8080)] })], { target: { kind: "swarm" } }))).toEqual([]);
  });

  it("fails when two synthesized services publish port 80", () => {
    const g = stackGraph((stack) => {
      const image = Image.fromRegistry("nginx:1.27.0");
      new Service(stack, "web", { image, ports: [{ container: 8080, published: 80 }] });
      new Service(stack, "admin", { image, ports: [{ container: 9090, published: 80 }] });
    });
    expect(findings(g, "net.port-conflict").map((f) => [f.severity, f.path, f.message])).toEqual([
      ["error", "shop/web", "Service 'admin' and Service 'web' both publish 80/tcp on 127.0.0.1."],
    ]);
  });
});
