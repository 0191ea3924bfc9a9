import type { ImageNode } from "../../graph/schema.ts";
import { asWorkload, describeNode, imageOf, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule, RuleContext, Violation } from "../types.ts";
import { ALL_TARGETS } from "../profiles.ts";

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)(?::\d+)?$/i;

/** An allowlist entry or registry split into scheme and `host[:port][/path]`. */
function parseEntry(entry: string): { scheme?: string; location: string } {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(entry.trim());
  const location = (m ? m[2]! : entry.trim()).replace(/\/+$/, "");
  return m ? { scheme: m[1]!.toLowerCase(), location } : { location };
}

/** True when a `host[:port]` is the machine itself, where plain http never crosses a network. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** `registry/repository` of an image, or undefined for a build that stays local. */
function imageLocation(image: ImageNode, ctx: RuleContext): string | undefined {
  const src = image.source;
  if (src.kind === "registry") return `${src.ref.registry}/${src.ref.repository}`;
  if (src.repository) return src.repository;
  return ctx.graph.stack.target.registry;
}

function allowed(location: string, entries: readonly string[]): boolean {
  return entries.some((e) => {
    const { location: allow } = parseEntry(e);
    return location === allow || location.startsWith(`${allow}/`);
  });
}

/**
 * image.registry-allowlist: images come from the stack's `registryAllowlist` (a registry host or
 * a `host/path` prefix), the list is not empty, and no registry is reached over plain http
 * outside loopback. Built images count by the repository they are pushed to.
 */
export const imageRegistryAllowlist: Rule = {
  id: "image.registry-allowlist",
  on: ["stack", ...WORKLOAD_KINDS],
  targets: ALL_TARGETS,
  dev: "-",
  prod: "E",
  mandatory: false,
  summary: "Images come from the stack's `registryAllowlist`, which is not empty, and never over plain http outside loopback",
  why: "an image from an unvetted registry (or over plain http, which anyone on the path can rewrite) runs unreviewed code with the workload's secrets.",
  fix: 'new Stack("shop", { ..., registryAllowlist: ["docker.io/library", "ghcr.io/acme"] })',
  check(node, ctx) {
    const stack = ctx.graph.stack;
    if (node === undefined) {
      const out: Violation[] = [];
      if (stack.registryAllowlist.length === 0) {
        out.push({ field: "registryAllowlist", found: "[]", message: `Stack '${stack.name}' has no registry allowlist.` });
      }
      const insecure = [
        ...stack.registryAllowlist.map((e) => ["registryAllowlist", e] as const),
        ...(stack.target.registry !== undefined ? [["target.registry", stack.target.registry] as const] : []),
      ];
      for (const [field, entry] of insecure) {
        const { scheme, location } = parseEntry(entry);
        const host = location.split("/")[0] ?? "";
        if (scheme === "http" && !isLoopback(host)) {
          out.push({
            field,
            found: JSON.stringify(entry),
            message: `Stack '${stack.name}' uses registry "${entry}" over plain http outside loopback.`,
            fix: `serve the registry over https (or keep a plain-http registry on 127.0.0.1), and list it as "${location}"`,
          });
        }
      }
      return out;
    }
    const w = asWorkload(node);
    const image = w && imageOf(w, ctx.nodes);
    if (!w || !image || stack.registryAllowlist.length === 0) return [];
    const location = imageLocation(image, ctx);
    if (location === undefined || allowed(location, stack.registryAllowlist)) return [];
    return [
      {
        field: "image",
        found: JSON.stringify(location),
        message: `${describeNode(w)} runs an image from "${location}", which is not on the registry allowlist.`,
        fix: `add the registry to registryAllowlist (now ${JSON.stringify(stack.registryAllowlist)}), or mirror the image into an allowed registry`,
      },
    ];
  },
};
