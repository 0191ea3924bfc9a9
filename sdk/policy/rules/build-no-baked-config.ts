import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import dockerignoreModule, { type Ignore } from "@balena/dockerignore";
import { asWorkload, describeNode, imageOf, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule } from "../types.ts";
import { contextDir } from "./build-context.ts";
import { ALL_TARGETS } from "../profiles.ts";

// The package is CommonJS with an ESM-style `export default` in its typings: at run time the
// default import is the factory itself, while the typings see the module object.
const dockerignore = ((dockerignoreModule as unknown as { default?: unknown }).default ?? dockerignoreModule) as (options?: { ignorecase?: boolean }) => Ignore;

/** Directory entries visited at most per context: a context this big is a problem of its own. */
const MAX_ENTRIES = 20_000;
const ENVIRONMENTS = "prod|production|staging|stage|dev|development|local|test|qa|uat|preprod";
const CONFIG_EXT = "json|ya?ml|toml|ini|env|properties|conf|cfg";

/** Why a file name looks like config or a key that must not be baked, or undefined. */
export function bakedConfigReason(fileName: string): string | undefined {
  const name = fileName.toLowerCase();
  if (name === ".env") return "an .env file";
  if (/^\.env\.(example|sample|template|dist|defaults)$/.test(name)) return undefined;
  if (/^\.env\..+/.test(name)) return "a per-environment .env file";
  if (/\.(pem|key)$/.test(name)) return "a key file";
  if (new RegExp(`^.+[._-](${ENVIRONMENTS})\\.(${CONFIG_EXT})$`).test(name)) return "a per-environment config file";
  if (new RegExp(`^(${ENVIRONMENTS})\\.(${CONFIG_EXT})$`).test(name)) return "a per-environment config file";
  return undefined;
}

/** Files of a context that `docker build` would send, as `/`-separated relative paths. */
export function shippedFiles(dir: string): string[] {
  const ignoreFile = join(dir, ".dockerignore");
  const ig = dockerignore();
  const patterns = existsSync(ignoreFile) ? readFileSync(ignoreFile, "utf8").split(/\r?\n/) : [];
  ig.add(patterns);
  // Without `!` exceptions nothing below an ignored directory can come back: skip it whole.
  const reincludes = patterns.some((p) => p.trim().startsWith("!"));
  const out: string[] = [];
  let visited = 0;
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (++visited > MAX_ENTRIES) return;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        // An ignored directory may still hold a file a `!` rule re-includes.
        if (reincludes || !ig.ignores(path)) walk(path);
      } else if (!ig.ignores(path)) out.push(path);
    }
  };
  walk("");
  return out;
}

/**
 * build.no-baked-config: a build context does not ship `.env`, `*.pem`, `*.key` or
 * per-environment config files (`config.prod.json`, `.env.production`) into the image, after
 * `.dockerignore`. Config belongs to the stack (12-factor #3), keys to secrets.
 */
export const buildNoBakedConfig: Rule = {
  id: "build.no-baked-config",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "A build context ships no `.env`, key or per-environment config file into the image (after `.dockerignore`)",
  why: "files in the build context end up in image layers: keys leak to everyone who can pull, and per-environment config ties one image to one environment.",
  fix: 'add the files to .dockerignore; pass config with Config.value("key") and keys with Secret.fromConfig("key")',
  check(node, ctx) {
    const w = asWorkload(node);
    const image = w && imageOf(w, ctx.nodes);
    if (!w || !image || image.source.kind !== "build") return [];
    const dir = contextDir(image.source, ctx);
    if (dir === undefined) return [];
    const found = shippedFiles(dir)
      .map((path) => ({ path, reason: bakedConfigReason(path.split("/").pop()!) }))
      .filter((f): f is { path: string; reason: string } => f.reason !== undefined);
    return found.map((f) => ({
      field: "image.build.context",
      found: JSON.stringify(`${image.source.kind === "build" ? image.source.context : ""}/${f.path}`.replace(/^\.\//, "")),
      message: `${describeNode(w)} builds from a context that ships ${f.reason}: ${f.path}.`,
      fix: `add "${f.path}" to .dockerignore in the build context`,
    }));
  },
};
