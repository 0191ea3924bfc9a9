import { describe, expect, it } from "vitest";
import { exposesRuntimeSocket, secNoRuntimeSocket } from "../../../../sdk/policy/rules/sec-no-runtime-socket.ts";
import { graphWith, violations, workload } from "../fixtures.ts";

describe("sec.no-runtime-socket", () => {
  it("passes an ordinary bind mount", () => {
    const g = graphWith([workload("Shop/web", { binds: [{ source: "/srv/static", path: "/static", readOnly: true }] })]);
    expect(violations(secNoRuntimeSocket, g)).toEqual([]);
  });

  it("fails a read-only docker.sock mount", () => {
    const g = graphWith([workload("Shop/web", { binds: [{ source: "/var/run/docker.sock", path: "/var/run/docker.sock", readOnly: true }] })]);
    expect(violations(secNoRuntimeSocket, g).map(({ field, found, message }) => ({ field, found, message }))).toEqual([
      { field: "binds[0].source", found: "/var/run/docker.sock", message: "Service 'web' mounts the container runtime socket (/var/run/docker.sock)." },
    ]);
  });

  it.each([
    "/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/user/1000/podman/podman.sock",
    "/var/run/dockershim.sock",
    "/var/run/",
    "/run/containerd",
    "/",
  ])("recognises %s as exposing a runtime socket", (source) => {
    expect(exposesRuntimeSocket(source)).toBe(true);
  });

  it.each(["/srv/docker", "/var/lib/app", "./docker.socket"])("does not flag %s", (source) => {
    expect(exposesRuntimeSocket(source)).toBe(false);
  });
});
