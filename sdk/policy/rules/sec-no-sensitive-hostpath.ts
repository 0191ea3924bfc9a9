import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";
import { normalizeHostPath } from "./host-paths.ts";

/**
 * Host paths that must never be bind-mounted, nor anything below them (`/` only itself).
 * `/run` is listed with `/var/run` because the latter is a symlink to it on current systems.
 */
export const SENSITIVE_HOST_PATHS: readonly string[] = ["/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr", "/var/run", "/run"];

/** The sensitive path `source` is, or lies below; undefined when none. */
export function sensitiveRoot(source: string): string | undefined {
  const p = normalizeHostPath(source);
  return SENSITIVE_HOST_PATHS.find((s) => p === s || (s !== "/" && p.startsWith(`${s}/`)));
}

/** sec.no-sensitive-hostpath: no bind mount of a system path; every other bind mount is read-only. */
export const secNoSensitiveHostpath: Rule = {
  id: "sec.no-sensitive-hostpath",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "No system path is bind-mounted, and every other bind mount is read-only",
  why: "host system paths let the container read credentials or change the host; a writable bind mount lets it plant files the host later trusts.",
  fix: "use a named volume instead: volumes: [{ volume: data, path: \"/data\" }], or mount the host path read-only: { hostPath, path, readOnly: true }",
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    w.spec.binds.forEach((b, i) => {
      const root = sensitiveRoot(b.source);
      if (root !== undefined) {
        out.push({
          node: w,
          field: `binds[${i}].source`,
          found: b.source,
          message: `${describeNode(w)} bind-mounts the sensitive host path ${b.source}${root === normalizeHostPath(b.source) ? "" : ` (below ${root})`}.`,
        });
      } else if (!b.readOnly) {
        out.push({
          node: w,
          field: `binds[${i}].readOnly`,
          found: "false",
          message: `${describeNode(w)} bind-mounts ${b.source} writable.`,
          fix: `{ hostPath: ${JSON.stringify(b.source)}, path: ${JSON.stringify(b.path)}, readOnly: true }, or use a named volume`,
        });
      }
    });
    return out;
  },
};
