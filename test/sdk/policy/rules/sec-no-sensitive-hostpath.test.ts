import { describe, expect, it } from "vitest";
import { secNoSensitiveHostpath } from "../../../../sdk/policy/rules/sec-no-sensitive-hostpath.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

const brief = (binds: { source: string; path: string; readOnly: boolean }[]) =>
  violations(secNoSensitiveHostpath, graphWith([workload("Shop/web", { binds })])).map(({ field, found, message }) => ({ field, found, message }));

describe("sec.no-sensitive-hostpath", () => {
  it("passes a read-only bind of an application path", () => {
    expect(brief([{ source: "/srv/static", path: "/static", readOnly: true }])).toEqual([]);
  });

  it("fails /etc even read-only", () => {
    expect(brief([{ source: "/etc", path: "/host-etc", readOnly: true }])).toEqual([
      { field: "binds[0].source", found: "/etc", message: "Service 'web' bind-mounts the sensitive host path /etc." },
    ]);
  });

  it("fails a path below /proc and the root itself", () => {
    expect(brief([{ source: "/proc/1/ns/", path: "/ns", readOnly: true }, { source: "/", path: "/host", readOnly: true }])).toEqual([
      { field: "binds[0].source", found: "/proc/1/ns/", message: "Service 'web' bind-mounts the sensitive host path /proc/1/ns/ (below /proc)." },
      { field: "binds[1].source", found: "/", message: "Service 'web' bind-mounts the sensitive host path /." },
    ]);
  });

  it("does not mistake /etcetera for /etc", () => {
    expect(brief([{ source: "/etcetera", path: "/x", readOnly: true }])).toEqual([]);
  });

  it("fails a writable bind of an application path, with a read-only fix", () => {
    const v = violations(secNoSensitiveHostpath, graphWith([workload("Shop/web", { binds: [{ source: "/srv/data", path: "/data", readOnly: false }] })]));
    expect(v.map(({ field, found, message, fix }) => ({ field, found, message, fix }))).toEqual([
      {
        field: "binds[0].readOnly",
        found: "false",
        message: "Service 'web' bind-mounts /srv/data writable.",
        fix: '{ hostPath: "/srv/data", path: "/data", readOnly: true }, or use a named volume',
      },
    ]);
  });
});
