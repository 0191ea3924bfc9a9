import { describe, expect, it } from "vitest";
import { logRotation } from "../../../../sdk/policy/rules/log-rotation.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const brief = (logging: { driver: string; options: Record<string, string> } | undefined) =>
  violations(logRotation, graphWith([workload("Shop/web", { logging })])).map(({ field, found, message }) => ({ field, found, message }));

describe("log.rotation", () => {
  it("passes json-file with max-size and max-file", () => {
    expect(brief({ driver: "json-file", options: { "max-size": "10m", "max-file": "3" } })).toEqual([]);
  });

  it("passes a driver that does not write to the host's disk", () => {
    expect(brief({ driver: "syslog", options: {} })).toEqual([]);
  });

  it("fails local without max-file", () => {
    expect(brief({ driver: "local", options: { "max-size": "10m" } })).toEqual([
      { field: "logging.options.max-file", found: "unset", message: "Service 'web' writes local logs without max-file." },
    ]);
  });

  it("fails json-file without either option", () => {
    expect(brief({ driver: "json-file", options: {} })).toEqual([
      { field: "logging.options.max-size", found: "unset", message: "Service 'web' writes json-file logs without max-size." },
      { field: "logging.options.max-file", found: "unset", message: "Service 'web' writes json-file logs without max-file." },
    ]);
  });

  it("fails a workload with no logging (the engine default does not rotate)", () => {
    expect(brief(undefined)).toEqual([{ field: "logging", found: "unset", message: "Service 'web' logs with the engine default (json-file) without rotation." }]);
  });
});
