import { asWorkload, describeNode, WORKLOAD_KINDS, sortedEnvNames } from "../describe.ts";
import type { Rule, Violation } from "../types.ts";
import { hardcodedEndpoint, hostOf } from "./endpoints.ts";
import { ALL_TARGETS } from "../profiles.ts";

const MODES = /^(dev|development|prod|production|staging|stage|test|testing|qa|uat|preprod|sandbox|local)$/i;
const COUNT_NAMES = /(REPLICAS|WORKERS|INSTANCES|CONCURRENCY|POOL_SIZE|THREADS)$/i;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const FILE_NAME = /\.(json|ya?ml|txt|js|ts|conf|log|pem|html)$/i;
const DIGITS = /^\d+$/;
const FQDN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Why a literal value is environment-specific, or undefined. */
export function environmentSpecific(name: string, value: string): string | undefined {
  const v = value.trim();
  if (MODES.test(v)) return `the environment mode '${v}'`;
  if (hostOf(v) !== undefined && URL_SCHEME.test(v)) return "a URL";
  if (FQDN.test(v) && !FILE_NAME.test(v)) return "a hostname";
  if (COUNT_NAMES.test(name) && DIGITS.test(v)) return "a replica or worker count";
  return undefined;
}

/**
 * config.from-stack: literal env values that differ between environments (URLs, hostnames,
 * modes like `production`, replica/worker counts) come from the stack's config
 * (`Config.value`) or a graph reference. Values config.no-hardcoded-endpoints reports are left
 * to it.
 */
export const configFromStack: Rule = {
  id: "config.from-stack",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "W",
  mandatory: false,
  summary: "Env values that differ between environments (URLs, hostnames, modes, counts) come from stack config or a graph reference",
  why: "a literal that differs between environments gets copied and edited per stack; config in the environment (12-factor #3) keeps one program for every stack.",
  fix: 'env: { API_URL: Config.value("apiUrl") } and set apiUrl in Pulumi.<env>.yaml',
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    const names = sortedEnvNames(w);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const v = w.spec.env[name]!;
      if (v.kind !== "literal" || hardcodedEndpoint(name, v.value, ctx.graph, w.id) !== undefined) continue;
      const why = environmentSpecific(name, v.value);
      if (why === undefined) continue;
      out.push({ field: `env.${name}`, found: JSON.stringify(v.value), message: `${describeNode(w)} hard-codes env ${name} to ${why}.` });
    }
    return out;
  },
};
