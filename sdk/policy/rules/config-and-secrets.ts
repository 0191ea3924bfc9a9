/** Config and secrets rules: 12-factor configuration, credentials as files. */
import type { Rule } from "../types.ts";
import { configFromStack } from "./config-from-stack.ts";
import { configNoHardcodedEndpoints } from "./config-no-hardcoded-endpoints.ts";
import { envNoDuplicates } from "./env-no-duplicates.ts";
import { secretAsFile } from "./secret-as-file.ts";
import { secretNoLiteralSensitiveEnv } from "./secret-no-literal-sensitive-env.ts";
import { secretRefsResolve } from "./secret-refs-resolve.ts";

/** In catalogue order. */
export const CONFIG_AND_SECRETS_RULES: readonly Rule[] = [
  secretNoLiteralSensitiveEnv,
  secretAsFile,
  secretRefsResolve,
  configFromStack,
  configNoHardcodedEndpoints,
  envNoDuplicates,
];
