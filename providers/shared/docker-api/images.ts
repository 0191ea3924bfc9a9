/**
 * Images: build contexts packed honouring `.dockerignore`, content-hashed tags, build / push /
 * pull through the engine client.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, lstatSync, readlinkSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import dockerignoreCjs from "@balena/dockerignore";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { LABELS } from "../labels.ts";
import type { DockerImageNode } from "./image-node.ts";
import type { DockerEngineClient } from "./client.ts";

// The package is CommonJS (`module.exports = factory`) while its types declare an ES default export.
const dockerignore = dockerignoreCjs as unknown as typeof dockerignoreCjs.default;

/** A filter saying whether a context-relative path (posix separators) is sent to the builder. */
function contextFilter(context: string, dockerfile: string): (rel: string) => boolean {
  const file = join(context, ".dockerignore");
  const patterns = existsSync(file)
    ? readFileSync(file, "utf8")
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#"))
    : [];
  const ig = dockerignore({ ignorecase: false }).add(patterns);
  // Docker always sends the Dockerfile and .dockerignore, whatever the patterns say.
  return (rel) => rel === dockerfile || rel === ".dockerignore" || !ig.ignores(rel);
}

/** The files of a build context that the builder receives, sorted, relative with `/`. */
export function contextFiles(context: string, dockerfile = "Dockerfile"): string[] {
  const keep = contextFilter(context, dockerfile);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const rel = relative(context, abs).split(sep).join("/");
      const st = lstatSync(abs);
      // Directories are always walked: a later `!pattern` may re-include files below an ignored one.
      if (st.isDirectory()) walk(abs);
      else if (keep(rel)) out.push(rel);
    }
  };
  walk(context);
  return out;
}

/** sha256 over the paths, modes and contents of what the builder receives, plus the build options. */
export function contextHash(context: string, options: { dockerfile: string; args: Readonly<Record<string, string>>; target?: string }): string {
  const h = createHash("sha256");
  h.update(JSON.stringify({ dockerfile: options.dockerfile, args: Object.entries(options.args).sort(), target: options.target ?? null }));
  for (const rel of contextFiles(context, options.dockerfile)) {
    const abs = join(context, rel);
    const st = lstatSync(abs);
    h.update(`\0${rel}\0${st.mode & 0o777}\0`);
    h.update(st.isSymbolicLink() ? readlinkSync(abs) : readFileSync(abs));
  }
  return h.digest("hex");
}

/** Context hashes of every built image of a portable graph (input to lowering). */
export function contextHashes(graph: Graph, stackDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of graph.nodes) {
    if (n.spec.kind !== "image" || n.spec.source.kind !== "build") continue;
    const s = n.spec.source;
    const dir = resolve(stackDir, s.context);
    if (existsSync(dir)) out[n.id] = contextHash(dir, { dockerfile: s.dockerfile, args: s.args, ...(s.target ? { target: s.target } : {}) });
  }
  return out;
}

/**
 * A tar stream of the context, honouring `.dockerignore`. tar-fs (and its stream stack) loads
 * here, on the first build, not with every command.
 */
export async function packContext(context: string, dockerfile: string): Promise<Readable> {
  const { default: tar } = await import("tar-fs");
  const keep = new Set(contextFiles(context, dockerfile));
  return tar.pack(context, {
    ignore: (name) => {
      const rel = relative(context, name).split(sep).join("/");
      if (rel === "") return false;
      if (keep.has(rel)) return false;
      // Keep directories that contain kept files.
      const prefix = `${rel}/`;
      for (const k of keep) if (k.startsWith(prefix)) return false;
      return true;
    },
  }) as unknown as Readable;
}

/** Makes an image node's `ref` present on the engine: pull it, or build (and push) it. */
export async function ensureImage(client: DockerEngineClient, graph: { readonly app: string; readonly stack: string }, node: DockerImageNode): Promise<void> {
  const a = node.action;
  const present = await client.inspectImage(node.ref);
  if (present) {
    // Built but not pushed (a run killed between the two): push now.
    if (a.kind === "build" && a.push && !isPushed(node.ref, present.RepoDigests)) await client.pushImage(node.ref);
    return;
  }
  if (a.kind === "pull") {
    await client.pullImage(node.ref);
    return;
  }
  if (!existsSync(a.context)) throw new Error(`build context ${a.context} does not exist`);
  await client.buildImage(await packContext(a.context, a.dockerfile), {
    t: node.ref,
    dockerfile: a.dockerfile,
    buildargs: { ...a.args },
    ...(a.target ? { target: a.target } : {}),
    labels: { [LABELS.app]: graph.app, [LABELS.stack]: graph.stack, [LABELS.node]: node.id },
  });
  if (a.push) await client.pushImage(node.ref);
}

/** True when the engine recorded a registry digest for the image's repository (set by a push or a pull). */
export function isPushed(ref: string, repoDigests: readonly string[] | undefined): boolean {
  const repo = ref.slice(0, ref.lastIndexOf(":"));
  return (repoDigests ?? []).some((d) => d.startsWith(`${repo}@`));
}
