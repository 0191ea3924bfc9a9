import { describe, expect, it } from "vitest";
import type { TargetSpec, WorkloadNode } from "../../../../sdk/graph/schema.ts";
import { netNoPublicExposure } from "../../../../sdk/policy/rules/net-no-public-exposure.ts";
import { findings, graphWith, violations, workload } from "../fixtures.ts";

const K8S: TargetSpec = { kind: "kubernetes", namespace: "shop" };
const FARGATE: TargetSpec = { kind: "fargate", cluster: "c", region: "eu-west-1", subnets: ["a", "b"], securityGroups: [] };
const brief = (overrides: Partial<WorkloadNode>, target: TargetSpec) =>
  violations(netNoPublicExposure, graphWith([workload("Shop/web", overrides)], { profile: "prod", target })).map(({ field, found, message }) => ({ field, found, message }));

describe("net.no-public-exposure", () => {
  it("passes a ClusterIP service on Kubernetes", () => {
    expect(brief({ ports: [{ container: 8080, published: 8080, protocol: "tcp" }] }, K8S)).toEqual([]);
  });

  it("passes a Fargate port bound to a private address", () => {
    expect(brief({ ports: [{ container: 8080, published: 8080, protocol: "tcp", hostIp: "10.0.0.5" }] }, FARGATE)).toEqual([]);
  });

  it("fails a swarm port with a private hostIp, because swarm's ingress publishes on every address anyway", () => {
    expect(brief({ ports: [{ container: 8080, published: 8080, protocol: "tcp", hostIp: "10.0.0.5" }] }, { kind: "swarm" })).toEqual([
      { field: "ports[0].published", found: "10.0.0.5:8080", message: "Service 'web' publishes port 8080 publicly." },
    ]);
  });

  it("fails a LoadBalancer service and an ingress host on Kubernetes", () => {
    expect(brief({ targetOptions: { kubernetes: { serviceType: "LoadBalancer", ingressHost: "shop.example.com" } } }, K8S)).toEqual([
      { field: "targetOptions.kubernetes.serviceType", found: "LoadBalancer", message: "Service 'web' is exposed through a LoadBalancer Service." },
      { field: "targetOptions.kubernetes.ingressHost", found: "shop.example.com", message: "Service 'web' is exposed through an Ingress at shop.example.com." },
    ]);
  });

  it("fails a public IP on Fargate", () => {
    expect(brief({ targetOptions: { fargate: { assignPublicIp: true } } }, FARGATE)).toEqual([
      { field: "targetOptions.fargate.assignPublicIp", found: "true", message: "Service 'web' gets a public IP address." },
    ]);
  });

  it("fails a swarm port published on every interface", () => {
    expect(brief({ ports: [{ container: 8080, published: 8080, protocol: "tcp" }] }, { kind: "swarm" })).toEqual([
      { field: "ports[0].published", found: "0.0.0.0:8080", message: "Service 'web' publishes port 8080 publicly." },
    ]);
  });

  it("is off in dev and accepted in prod with an acknowledgement", () => {
    const lb = workload("Shop/web", { targetOptions: { kubernetes: { serviceType: "LoadBalancer" } } });
    expect(findings(graphWith([lb], { profile: "dev", target: K8S }), "net.no-public-exposure")).toEqual([]);
    const acked = graphWith([lb], {
      profile: "prod",
      target: K8S,
      suppressions: [{ rule: "net.no-public-exposure", node: "Shop/web", reason: "public storefront" }],
    });
    const result = findings(acked, "net.no-public-exposure");
    expect(result.map((f) => [f.severity, f.suppressed?.reason])).toEqual([["error", "public storefront"]]);
  });
});
