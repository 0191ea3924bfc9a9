/** Resource rules on the portable graph. res.fits-host needs the Docker engine and is a Docker host target rule (providers/docker/rules.ts). */
import type { Rule } from "../types.ts";
import { resCpuLimit } from "./res-cpu-limit.ts";
import { resCpuRequest } from "./res-cpu-request.ts";
import { resMemoryLimit } from "./res-memory-limit.ts";
import { resMemoryRequest } from "./res-memory-request.ts";
import { resPidsLimit } from "./res-pids-limit.ts";

/** In catalogue order. */
export const RESOURCE_RULES: readonly Rule[] = [
  resMemoryLimit,
  resMemoryRequest,
  resCpuLimit,
  resCpuRequest,
  resPidsLimit,
];
