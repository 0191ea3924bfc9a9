/** Health and lifecycle rules: healthchecks, restarts, stopping, jobs. */
import type { Rule } from "../types.ts";
import { healthCheck } from "./health-check.ts";
import { healthDependsNeedsCheck } from "./health-depends-needs-check.ts";
import { healthProbePortExposed } from "./health-probe-port-exposed.ts";
import { lifecycleGracefulStop } from "./lifecycle-graceful-stop.ts";
import { lifecycleInitProcess } from "./lifecycle-init-process.ts";
import { lifecycleJobBounds } from "./lifecycle-job-bounds.ts";
import { lifecycleRestartPolicy } from "./lifecycle-restart-policy.ts";

/** In catalogue order. */
export const HEALTH_AND_LIFECYCLE_RULES: readonly Rule[] = [
  healthCheck,
  healthDependsNeedsCheck,
  healthProbePortExposed,
  lifecycleRestartPolicy,
  lifecycleGracefulStop,
  lifecycleInitProcess,
  lifecycleJobBounds,
];
