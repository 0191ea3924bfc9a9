import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";
import { normalizeHostPath } from "./host-paths.ts";

/** Where container runtimes put their API sockets. */
export const RUNTIME_SOCKETS: readonly string[] = [
  "/var/run/docker.sock", "/run/docker.sock",
  "/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock",
  "/var/run/crio/crio.sock", "/run/crio/crio.sock",
  "/var/run/podman/podman.sock", "/run/podman/podman.sock",
  "/var/run/dockershim.sock", "/run/dockershim.sock",
];
/** Socket file names, wherever they live (rootless runtimes use /run/user/<uid>/...). */
const SOCKET_NAMES = new Set(RUNTIME_SOCKETS.map((s) => s.split("/").pop()!));

/**
 * True when mounting `source` exposes a runtime socket: the socket itself, any file with a
 * runtime socket's name, or a directory above a well-known socket (`/var/run`, `/run/containerd`).
 */
export function exposesRuntimeSocket(source: string): boolean {
  const p = normalizeHostPath(source);
  if (SOCKET_NAMES.has(p.split("/").pop() ?? "")) return true;
  if (!p.startsWith("/")) return false;
  return RUNTIME_SOCKETS.some((s) => s === p || s.startsWith(p === "/" ? "/" : `${p}/`));
}

/** sec.no-runtime-socket: no Docker, containerd, CRI-O, podman or dockershim socket is mounted. */
export const secNoRuntimeSocket: Rule = {
  id: "sec.no-runtime-socket",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "No container runtime socket (Docker, containerd, CRI-O, podman) is mounted",
  why: "the runtime socket lets the container start a privileged container and take over the host.",
  fix: "remove the bind mount; give the process a narrower API (e.g. a socket proxy allowing read-only calls) over a network",
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    w.spec.binds.forEach((b, i) => {
      if (exposesRuntimeSocket(b.source)) {
        out.push({ node: w, field: `binds[${i}].source`, found: b.source, message: `${describeNode(w)} mounts the container runtime socket (${b.source}).` });
      }
    });
    return out;
  },
};
