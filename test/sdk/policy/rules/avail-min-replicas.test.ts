import { describe, expect, it } from "vitest";
import type { TargetSpec } from "../../../../sdk/graph/schema.ts";
import { availMinReplicas } from "../../../../sdk/policy/rules/avail-min-replicas.ts";
import { findings, graphWith, node, violations, workload } from "../fixtures.ts";

const K8S: TargetSpec = { kind: "kubernetes", namespace: "shop" };
const volume = (id: string, shared: boolean) => node(id, { kind: "volume", shared, labels: {} });

describe("avail.min-replicas", () => {
  it("passes a stateless service with 2 replicas", () => {
    expect(violations(availMinReplicas, graphWith([workload("Shop/web", { replicas: 2 })], { target: K8S }))).toEqual([]);
  });

  it("fails a stateless service with 1 replica", () => {
    const v = violations(availMinReplicas, graphWith([workload("Shop/web", { replicas: 1 })], { target: K8S }));
    expect(v.map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "replicas", found: "1", message: "Service 'web' runs 1 replica, fewer than 2." },
    ]);
  });

  it("counts a service on a shared volume as stateless", () => {
    const g = graphWith([volume("Shop/assets", true), workload("Shop/web", { volumes: [{ volume: "Shop/assets", path: "/assets", readOnly: false }] })], { target: K8S });
    expect(violations(availMinReplicas, g).map((v) => v.message)).toEqual(["Service 'web' runs 1 replica, fewer than 2."]);
  });

  it("exempts a service with a single-writer volume, containers and jobs", () => {
    const g = graphWith(
      [
        volume("Shop/pgdata", false),
        workload("Shop/db", { volumes: [{ volume: "Shop/pgdata", path: "/var/lib/postgresql/data", readOnly: false }] }),
        workload("Shop/tool", { kind: "container" }),
        workload("Shop/migrate", { kind: "job" }),
      ],
      { target: K8S },
    );
    expect(violations(availMinReplicas, g)).toEqual([]);
  });

  it("is off in dev, fails in prod, and is skipped on a Docker host", () => {
    const g = (profile: "dev" | "prod", target: TargetSpec) => graphWith([workload("Shop/web")], { profile, target });
    expect(findings(g("dev", K8S), "avail.min-replicas")).toEqual([]);
    expect(findings(g("prod", K8S), "avail.min-replicas").map((f) => f.severity)).toEqual(["error"]);
    expect(findings(g("prod", { kind: "docker-host" }), "avail.min-replicas")).toEqual([]);
  });
});
