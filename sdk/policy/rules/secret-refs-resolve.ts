import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { GraphNode } from "../../graph/schema.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule, RuleContext, Violation } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** Why a secret node does not resolve, with a fix, or undefined when it does (or cannot be judged here). */
function unresolved(secret: GraphNode, ctx: RuleContext): { why: string; fix: string } | undefined {
  if (secret.spec.kind !== "secret") return undefined;
  const src = secret.spec.source;
  if (src.kind === "env") {
    if ((ctx.env ?? process.env)[src.name] !== undefined) return undefined;
    return { why: `reads env ${src.name}, which is not set`, fix: `export ${src.name}=... before deploying` };
  }
  if (src.kind === "file") {
    if (!isAbsolute(src.path) && ctx.stackDir === undefined) return undefined;
    const file = isAbsolute(src.path) ? src.path : resolve(ctx.stackDir!, src.path);
    if (existsSync(file)) return undefined;
    return { why: `reads file ${src.path}, which does not exist`, fix: `create ${file} (keep it out of version control)` };
  }
  return undefined;
}

/**
 * secret.refs-resolve: every secret a workload mounts resolves where it will be read at deploy
 * time: `Secret.fromEnv` names a variable set in the deploying environment, `Secret.fromFile` a
 * file that exists (relative to the stack directory). `Secret.fromConfig` is checked by synth,
 * and cloud stores are resolved by the platform, so neither is checked here. Reported on the
 * workload (so a waiver can name it), showing only the reference.
 */
export const secretRefsResolve: Rule = {
  id: "secret.refs-resolve",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "E",
  prod: "E",
  mandatory: false,
  summary: "Every mounted secret resolves at deploy time: its environment variable is set, its file exists",
  why: "a secret that does not resolve fails the deploy halfway, or worse, mounts an empty file the app reads as an empty password.",
  fix: "set the variable or create the file before deploying, or switch to Secret.fromConfig(key)",
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    for (const m of w.spec.secrets) {
      const secret = ctx.nodes.get(m.secret);
      const problem = secret && unresolved(secret, ctx);
      if (!problem) continue;
      const shown = `[secret:${m.secret.split("/").pop()}]`;
      out.push({ field: `secrets.${m.target}`, found: shown, message: `${describeNode(w)} mounts ${shown}, which ${problem.why}.`, fix: problem.fix });
    }
    return out;
  },
};
