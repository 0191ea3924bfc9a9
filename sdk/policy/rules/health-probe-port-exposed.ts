import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** health.probe-port-exposed: an HTTP or TCP healthcheck targets one of the workload's declared container ports. */
export const healthProbePortExposed: Rule = {
  id: "health.probe-port-exposed",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: false,
  summary: "An HTTP or TCP healthcheck probes one of the workload's declared container ports",
  why: "ECS and Kubernetes probe declared ports only; a check on another port fails on those targets even when it passes on Docker, and usually means a typo.",
  fix: "ports: [8080] and healthcheck: { http: { port: 8080 } } — the same port",
  check(node) {
    const w = asWorkload(node);
    const test = w?.spec.healthcheck?.test;
    if (!w || !test || test.kind === "command") return [];
    const declared = w.spec.ports.filter((p) => p.protocol === "tcp").map((p) => p.container);
    if (declared.includes(test.port)) return [];
    return [
      {
        field: "healthcheck.test.port",
        found: String(test.port),
        message: `${describeNode(w)} checks ${test.kind.toUpperCase()} port ${test.port}, which is not one of its ports (${declared.length > 0 ? declared.join(", ") : "none"}).`,
        fix: `ports: [${[...declared, test.port].join(", ")}], or check one of the declared ports`,
      },
    ];
  },
};
