import type { Rule } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";

/**
 * log.driver-set: the workload names its log driver; on ECS that driver is awslogs, the only
 * one that lands in CloudWatch without a sidecar. Berth's default logging (json-file, rotated)
 * is resolved per target and becomes awslogs on ECS, so only a driver the program names is
 * judged there.
 */
export const logDriverSet: Rule = {
  id: "log.driver-set",
  on: WORKLOAD_KINDS,
  targets: ["docker-host", "swarm", "fargate"],
  dev: "-",
  prod: "W",
  mandatory: false,
  summary: "The workload names its log driver (awslogs on Fargate)",
  why: "without an explicit driver, logs go wherever the engine's default points, which differs per host.",
  fix: 'logging: { driver: "json-file", maxSize: Size.mebibytes(10), maxFiles: 3 }',
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w) return [];
    const driver = w.spec.logging?.driver;
    if (driver === undefined || driver === "") {
      return [{ node: w, field: "logging.driver", found: "unset", message: `${describeNode(w)} sets no log driver.` }];
    }
    if (ctx.target === "fargate" && driver !== "awslogs" && !w.spec.defaults.includes("logging")) {
      return [{
        node: w,
        field: "logging.driver",
        found: driver,
        message: `${describeNode(w)} logs with ${driver} on ECS, where awslogs is expected.`,
        fix: 'logging: { driver: "awslogs" }',
      }];
    }
    return [];
  },
};
