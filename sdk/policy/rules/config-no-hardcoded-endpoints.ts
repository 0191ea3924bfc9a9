import { asWorkload, describeNode, WORKLOAD_KINDS, sortedEnvNames } from "../describe.ts";
import type { Rule, Violation } from "../types.ts";
import { hardcodedEndpoint } from "./endpoints.ts";
import { ALL_TARGETS } from "../profiles.ts";

/**
 * config.no-hardcoded-endpoints: literal env values are not IP addresses, `localhost`, or the
 * literal hostname of another workload in the graph (in a URL, `host:port`, or a bare value of
 * a variable named like a host: `*_HOST`, `*_ADDR`...).
 */
export const configNoHardcodedEndpoints: Rule = {
  id: "config.no-hardcoded-endpoints",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "No env value hard-codes an IP address, `localhost` or another workload's hostname",
  why: "service names differ per target (Compose name, ECS Service Connect, K8s DNS) and IPs change; a graph reference is resolved for each target when lowering.",
  fix: "env: { DB_HOST: db.hostname } — a graph reference, resolved per target",
  check(node, ctx) {
    const w = asWorkload(node);
    if (!w) return [];
    const out: Violation[] = [];
    const names = sortedEnvNames(w);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const v = w.spec.env[name]!;
      if (v.kind !== "literal") continue;
      const why = hardcodedEndpoint(name, v.value, ctx.graph, w.id);
      if (why === undefined) continue;
      out.push({ field: `env.${name}`, found: JSON.stringify(v.value), message: `${describeNode(w)} sets env ${name} to ${why}.` });
    }
    return out;
  },
};
