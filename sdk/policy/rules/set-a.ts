/**
 * The first half of the built-in policy pack (POLICY.md): supply chain, 12-factor config and
 * secrets, resources, health and lifecycle rules that run on the portable graph. The target
 * rules of these sections (res.fargate-size, res.fits-host) run on lowered graphs and are
 * registered by their targets through `CheckOptions.extraRules`.
 */
import type { Rule } from "../types.ts";
import { buildBasePinned } from "./build-base-pinned.ts";
import { buildNoBakedConfig } from "./build-no-baked-config.ts";
import { configFromStack } from "./config-from-stack.ts";
import { configNoHardcodedEndpoints } from "./config-no-hardcoded-endpoints.ts";
import { envNoDuplicates } from "./env-no-duplicates.ts";
import { healthCheck } from "./health-check.ts";
import { healthDependsNeedsCheck } from "./health-depends-needs-check.ts";
import { healthProbePortExposed } from "./health-probe-port-exposed.ts";
import { imageDigestPinned } from "./image-digest-pinned.ts";
import { imageLockFresh } from "./image-lock-fresh.ts";
import { imageNoLatest } from "./image-no-latest.ts";
import { imageRegistryAllowlist } from "./image-registry-allowlist.ts";
import { imageTagRequired } from "./image-tag-required.ts";
import { lifecycleGracefulStop } from "./lifecycle-graceful-stop.ts";
import { lifecycleInitProcess } from "./lifecycle-init-process.ts";
import { lifecycleJobBounds } from "./lifecycle-job-bounds.ts";
import { lifecycleRestartPolicy } from "./lifecycle-restart-policy.ts";
import { resCpuLimit } from "./res-cpu-limit.ts";
import { resCpuRequest } from "./res-cpu-request.ts";
import { resMemoryLimit } from "./res-memory-limit.ts";
import { resMemoryRequest } from "./res-memory-request.ts";
import { resPidsLimit } from "./res-pids-limit.ts";
import { secretAsFile } from "./secret-as-file.ts";
import { secretNoLiteralSensitiveEnv } from "./secret-no-literal-sensitive-env.ts";
import { secretRefsResolve } from "./secret-refs-resolve.ts";

/** Built-in rules, part A, in POLICY.md order. */
export const RULES_A: readonly Rule[] = [
  imageTagRequired,
  imageNoLatest,
  imageDigestPinned,
  imageRegistryAllowlist,
  imageLockFresh,
  buildBasePinned,
  buildNoBakedConfig,
  secretNoLiteralSensitiveEnv,
  secretAsFile,
  secretRefsResolve,
  configFromStack,
  configNoHardcodedEndpoints,
  envNoDuplicates,
  resMemoryLimit,
  resMemoryRequest,
  resCpuLimit,
  resCpuRequest,
  resPidsLimit,
  healthCheck,
  healthDependsNeedsCheck,
  healthProbePortExposed,
  lifecycleRestartPolicy,
  lifecycleGracefulStop,
  lifecycleInitProcess,
  lifecycleJobBounds,
];
