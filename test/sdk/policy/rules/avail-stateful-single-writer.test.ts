import { describe, expect, it } from "vitest";
import { availStatefulSingleWriter } from "../../../../sdk/policy/rules/avail-stateful-single-writer.ts";
import { graphWith, node, violations, workload } from "../fixtures.ts";

const db = (replicas: number, shared: boolean) =>
  graphWith([
    node("Shop/pgdata", { kind: "volume", shared, labels: {} }),
    workload("Shop/db", { replicas, volumes: [{ volume: "Shop/pgdata", path: "/var/lib/postgresql/data", readOnly: false }] }),
  ]);

describe("avail.stateful-single-writer", () => {
  it("passes one replica on a single-writer volume", () => {
    expect(violations(availStatefulSingleWriter, db(1, false))).toEqual([]);
  });

  it("passes several replicas on a shared volume", () => {
    expect(violations(availStatefulSingleWriter, db(3, true))).toEqual([]);
  });

  it("fails two replicas on a single-writer volume", () => {
    expect(violations(availStatefulSingleWriter, db(2, false)).map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "replicas", found: "2", message: "Service 'db' runs 2 replicas on the single-writer volume 'pgdata'." },
    ]);
  });
});
