import type { Rule } from "../types.ts";
import { asWorkload, describeNode, WORKLOAD_KINDS } from "../describe.ts";
import { ALL_TARGETS } from "../profiles.ts";
import { capName, renderList } from "./capabilities.ts";

/** sec.drop-all-caps: capabilities drop ALL and add back only what is named. */
export const secDropAllCaps: Rule = {
  id: "sec.drop-all-caps",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "Capabilities drop ALL and add back only the ones named",
  why: "the runtime's default capabilities (NET_RAW, CHOWN, SETUID...) are more than most processes need.",
  fix: 'capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }  (add only what the process needs)',
  check(node) {
    const w = asWorkload(node);
    if (!w) return [];
    const drop = w.spec.capabilities.drop;
    if (drop.some((c) => capName(c) === "ALL")) return [];
    return [{ node: w, field: "capabilities.drop", found: renderList(drop), message: `${describeNode(w)} does not drop all capabilities.` }];
  },
};
