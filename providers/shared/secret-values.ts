/**
 * The one place secret values are resolved, for every target's engine. Values exist only here
 * and in what the target's engine hands the platform (a 0400 file, a docker secret, a
 * Kubernetes Secret...): never in the graph, plans, logs or errors.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { BerthError } from "../../sdk/core/errors.ts";
import type { SecretSource } from "../../sdk/graph/schema.ts";

/** Where secret values come from: the stack's config, the environment, files. */
export interface SecretSources {
  /** Looks a stack config key up (the StackConfig, env overrides included). */
  readonly config: (key: string) => string | undefined;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative `file` sources are resolved against. @default process.cwd() */
  readonly stackDir?: string;
}

/** A secret to resolve, and where a failure is reported. */
export interface SecretRef {
  /** The secret's node id (`secret/db_password`). */
  readonly secret: string;
  /** Construct path errors are reported at. */
  readonly path: string;
  /** Field errors name, e.g. `secrets./run/secrets/db_password`. */
  readonly field: string;
  /** What the value is needed for, for the message (`/run/secrets/db_password`, `docker secret shop-db`). */
  readonly usedAs: string;
  readonly from: SecretSource;
}

/**
 * The value of a secret from the stack's config, the environment or a file. External-store
 * references (AWS, Kubernetes) are resolved by their platform, not here: asking for one is an
 * error naming the reference. Throws a {@link BerthError} (without any value) when unresolvable.
 */
export function resolveSecretValue(ref: SecretRef, sources: SecretSources): Buffer {
  const from = ref.from;
  const fail = (found: string, fix: string): never => {
    throw new BerthError({
      code: "secret.unresolved",
      path: ref.path,
      field: ref.field,
      found,
      message: `Secret '${ref.secret}' for ${ref.usedAs} has no value on this machine.`,
      fix,
    });
  };
  switch (from.kind) {
    case "config": {
      const v = sources.config(from.key);
      return v === undefined ? fail(`config key '${from.key}' unset`, `set '${from.key}' in the stack's config or its BERTH_CONFIG_ variable`) : Buffer.from(v);
    }
    case "env": {
      const v = (sources.env ?? process.env)[from.name];
      return v === undefined ? fail(`environment variable ${from.name} unset`, `export ${from.name}=...`) : Buffer.from(v);
    }
    case "file": {
      const p = isAbsolute(from.path) ? from.path : join(sources.stackDir ?? process.cwd(), from.path);
      return existsSync(p) ? readFileSync(p) : fail(`file ${p} missing`, `create ${p}`);
    }
    default:
      return fail(`a ${from.kind} reference`, "this target reads secret values from Secret.fromConfig, fromEnv or fromFile; platform references are resolved by their platform");
  }
}
