import { asWorkload, describeNode, WORKLOAD_KINDS, sortedEnvNames } from "../describe.ts";
import { secretConfigKeys } from "../graph-index.ts";
import type { Rule, Violation } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** Permission bits beyond owner read/write and group read (0640 is the widest accepted). */
const TOO_WIDE = 0o137;
const FILE_VAR = /_FILE$/i;

function mountPath(target: string): string {
  return target.startsWith("/") ? target : `/run/secrets/${target}`;
}

/**
 * secret.as-file: secrets reach the process as files, and only as files. Flags
 * - a secret file readable (or writable) beyond owner and group (mode wider than 0640),
 * - an env var `*_FILE` pointing under /run/secrets at a file no secret is mounted at,
 * - an env var fed the plain value of a config key that also backs a `Secret.fromConfig`.
 * On ECS the platform injects secrets, so only the env checks apply there.
 */
export const secretAsFile: Rule = {
  id: "secret.as-file",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "Secrets reach the process only as files, readable by owner and group at most",
  why: "a secret delivered as a file with tight permissions stays out of env dumps, `docker inspect` and child processes, and can be rotated without rebuilding env.",
  fix: 'secrets: { db_password: Secret.fromConfig("db_password") } and env: { DB_PASSWORD_FILE: "/run/secrets/db_password" }',
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    if (ctx.target !== "fargate") {
      for (const m of w.spec.secrets) {
        if ((m.mode & TOO_WIDE) !== 0) {
          out.push({
            field: `secrets.${m.target}.mode`,
            found: `0${m.mode.toString(8)}`,
            message: `${describeNode(w)} mounts [secret:${m.secret.split("/").pop()}] at ${mountPath(m.target)} with mode 0${m.mode.toString(8)}, wider than 0640.`,
            fix: "mount secrets with mode 0400 (the default)",
          });
        }
      }
    }
    // Built only for an env var that needs it: most workloads have none.
    let mounted: Set<string> | undefined;
    const secretKeys = secretConfigKeys(ctx.graph);
    const names = sortedEnvNames(w);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const v = w.spec.env[name]!;
      if (v.kind === "literal" && FILE_VAR.test(name) && v.value.startsWith("/run/secrets/") && !(mounted ??= new Set(w.spec.secrets.map((m) => mountPath(m.target)))).has(v.value)) {
        out.push({
          field: `env.${name}`,
          found: JSON.stringify(v.value),
          message: `${describeNode(w)} points ${name} at ${v.value}, but no secret is mounted there.`,
          fix: `secrets: { ${v.value.slice("/run/secrets/".length)}: Secret.fromConfig("...") }`,
        });
      }
      if (v.kind === "config" && secretKeys.has(v.key)) {
        out.push({
          field: `env.${name}`,
          found: `[secret:${secretKeys.get(v.key)}]`,
          message: `${describeNode(w)} passes the secret config key '${v.key}' as env ${name} instead of a file.`,
        });
      }
    }
    return out;
  },
};
