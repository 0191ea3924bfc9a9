import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";

const SSH_PORT = 22;

/** True when a command line starts sshd: any word whose file name is `sshd`. */
export function runsSshd(argv: readonly string[]): boolean {
  return argv.some((arg) => arg.split(/[\s;&|()`'"]+/).some((word) => word.split("/").pop() === "sshd"));
}

/** sec.no-ssh: no sshd in the command, no port 22 published or exposed. */
export const secNoSsh: Rule = {
  id: "sec.no-ssh",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "No sshd runs and no port 22 is published or exposed",
  why: "an SSH daemon is a second, unaudited way in; use the platform's exec (docker exec, kubectl exec, ECS Exec).",
  fix: "remove the SSH port and sshd; debug with `docker exec` / `kubectl exec` / ECS Exec",
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    w.spec.ports.forEach((p, i) => {
      if (p.published === SSH_PORT) {
        out.push({ node: w, field: `ports[${i}].published`, found: String(p.published), message: `${describeNode(w)} publishes the SSH port ${SSH_PORT}.` });
      } else if (p.container === SSH_PORT) {
        out.push({ node: w, field: `ports[${i}].container`, found: String(p.container), message: `${describeNode(w)} exposes the SSH port ${SSH_PORT}.` });
      }
    });
    for (const field of ["entrypoint", "command"] as const) {
      const argv = w.spec[field];
      if (argv && runsSshd(argv)) {
        out.push({ node: w, field, found: JSON.stringify(argv), message: `${describeNode(w)} runs an SSH daemon.` });
      }
    }
    return out;
  },
};
