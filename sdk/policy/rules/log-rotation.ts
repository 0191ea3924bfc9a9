import type { Rule, Violation } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";

/** Drivers that write to the host's disk and so must rotate. */
const FILE_DRIVERS = new Set(["json-file", "local"]);

/**
 * log.rotation: json-file and local logs set both `max-size` and `max-file`. A workload with no
 * logging at all gets the engine default, json-file without rotation, and is reported too.
 */
export const logRotation: Rule = {
  id: "log.rotation",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "swarm"],
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "json-file and local logs rotate: both `max-size` and `max-file` are set",
  why: "unrotated file logs grow until the host's disk is full, taking every container down with it.",
  fix: 'logging: { driver: "json-file", maxSize: Size.mebibytes(10), maxFiles: 3 }',
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const logging = w.spec.logging;
    if (logging === undefined) {
      return [{ node: w, field: "logging", found: "unset", message: `${describeNode(w)} logs with the engine default (json-file) without rotation.` }];
    }
    if (!FILE_DRIVERS.has(logging.driver)) return [];
    const out: Violation[] = [];
    for (const option of ["max-size", "max-file"]) {
      if (!logging.options[option]) {
        out.push({ node: w, field: `logging.options.${option}`, found: "unset", message: `${describeNode(w)} writes ${logging.driver} logs without ${option}.` });
      }
    }
    return out;
  },
};
