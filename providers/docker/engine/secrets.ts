/**
 * Resolves the content of secret and config files at apply time. Secret values exist only
 * here and in the file written on the docker host: never in the graph, plans, logs or errors.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { BerthError } from "../../../sdk/core/errors.ts";
import type { DockerFileNode } from "../target.ts";

/** Where secret values come from: the stack's config, the environment, files. */
export interface SecretSources {
  /** Looks a stack config key up (the StackConfig, env overrides included). */
  readonly config: (key: string) => string | undefined;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative `file` sources are resolved against. @default process.cwd() */
  readonly stackDir?: string;
}

/** The bytes a file node must hold. Throws a {@link BerthError} (without any value) when unresolvable. */
export function fileContent(node: DockerFileNode, sources: SecretSources): Buffer {
  const c = node.content;
  if (c.kind === "config") return Buffer.from(c.text);
  const from = c.from;
  const fail = (found: string, fix: string): never => {
    throw new BerthError({
      code: "secret.unresolved",
      path: node.path,
      field: `secrets.${node.containerPath}`,
      found,
      message: `Secret '${c.secret}' for ${node.containerPath} has no value on this machine.`,
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
      return fail(`a ${from.kind} reference`, "use Secret.fromConfig, fromEnv or fromFile on a Docker host target");
  }
}
