import { readFileSync } from "node:fs";
import { asWorkload, describeNode, imageOf, WORKLOAD_KINDS } from "../describe.ts";
import type { Rule, Violation } from "../types.ts";
import { dockerfilePath } from "./build-context.ts";
import { refusedAlias } from "./image-no-latest.ts";
import { ALL_TARGETS } from "../profiles.ts";

/** One `FROM` of a Dockerfile, with `ARG`s substituted. */
export interface FromLine {
  readonly line: number;
  /** The image as written. */
  readonly written: string;
  /** After ARG substitution; undefined when an ARG has no value. */
  readonly image: string | undefined;
  /** The stage name (`AS build`). */
  readonly stage?: string;
}

/** Instructions with their first line number; continuation lines joined, comments dropped. */
function instructions(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let current: { line: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (current === undefined && (trimmed === "" || trimmed.startsWith("#"))) return;
    if (current !== undefined && trimmed.startsWith("#")) return;
    const continued = /\\\s*$/.test(raw);
    const piece = raw.replace(/\\\s*$/, "").trim();
    current = current ? { line: current.line, text: `${current.text} ${piece}` } : { line: i + 1, text: piece };
    if (!continued) {
      out.push(current);
      current = undefined;
    }
  });
  if (current) out.push(current);
  return out;
}

/** `$X`, `${X}`, `${X:-default}` with the values known (undefined when one is missing). */
function substitute(value: string, vars: ReadonlyMap<string, string>): string | undefined {
  let missing = false;
  const result = value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced: string | undefined, dflt: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const v = vars.get(name);
    if (v !== undefined && v !== "") return v;
    if (dflt !== undefined) return dflt;
    missing = true;
    return "";
  });
  return missing ? undefined : result;
}

/**
 * The FROM lines of a Dockerfile. Global `ARG`s (before the first FROM) take their defaults,
 * overridden by the build's args, as `docker build` does.
 */
export function parseFromLines(text: string, buildArgs: Readonly<Record<string, string>> = {}): FromLine[] {
  const vars = new Map<string, string>();
  const froms: FromLine[] = [];
  for (const ins of instructions(text)) {
    const m = /^(\w+)\s+(.*)$/.exec(ins.text);
    if (!m) continue;
    const keyword = m[1]!.toUpperCase();
    if (keyword === "ARG" && froms.length === 0) {
      for (const decl of m[2]!.split(/\s+/)) {
        const [name, ...rest] = decl.split("=");
        if (!name) continue;
        const given = buildArgs[name];
        const dflt = rest.length > 0 ? rest.join("=").replace(/^["']|["']$/g, "") : undefined;
        const value = given ?? dflt;
        if (value !== undefined) vars.set(name, value);
      }
    } else if (keyword === "FROM") {
      const words = m[2]!.split(/\s+/).filter((w) => !w.startsWith("--"));
      const written = words[0] ?? "";
      const stage = words.length >= 3 && words[1]!.toUpperCase() === "AS" ? words[2]!.toLowerCase() : undefined;
      froms.push({ line: ins.line, written, image: substitute(written, vars), ...(stage ? { stage } : {}) });
    }
  }
  return froms;
}

/** Why a FROM image is not pinned, or undefined when it is; tags are judged as image.no-latest judges them ({@link refusedAlias}). */
export function unpinnedReason(image: string): string | undefined {
  const at = image.indexOf("@");
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  if (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest)) return "has a malformed digest";
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(":");
  const tag = colon > name.lastIndexOf("/") ? name.slice(colon + 1) : undefined;
  if (tag === undefined && digest === undefined) return "has no tag";
  return refusedAlias(tag, digest !== undefined) !== undefined ? `uses the moving tag '${tag}'` : undefined;
}

/**
 * build.base-pinned: every `FROM` of a built image's Dockerfile names a tag (not `latest` nor a
 * moving alias) or a digest. Earlier stages and `scratch` are fine. Reads the Dockerfile under
 * `stackDir`; skipped when it cannot be read.
 */
export const buildBasePinned: Rule = {
  id: "build.base-pinned",
  on: WORKLOAD_KINDS,
  targets: ALL_TARGETS,
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "Every `FROM` in a built image's Dockerfile names a fixed tag or a digest",
  why: "an unpinned base image changes under a rebuild of unchanged code, so the same commit can ship different system libraries.",
  fix: "FROM node:20.18.1-alpine (or node:20.18.1-alpine@sha256:<digest>)",
  check(node, ctx) {
    const w = asWorkload(node);
    const image = w && imageOf(w, ctx.nodes);
    if (!w || !image || image.source.kind !== "build") return [];
    const src = image.source;
    const file = dockerfilePath(src, ctx);
    if (file === undefined) return [];
    const out: Violation[] = [];
    const stages = new Set<string>();
    for (const from of parseFromLines(readFileSync(file, "utf8"), src.args)) {
      const field = `image.build.${src.dockerfile}:${from.line}`;
      const name = from.image?.toLowerCase();
      if (name !== undefined && (name === "scratch" || stages.has(name))) {
        if (from.stage) stages.add(from.stage);
        continue;
      }
      if (from.stage) stages.add(from.stage);
      const reason = from.image === undefined ? "uses a build ARG that has no value" : unpinnedReason(from.image);
      if (reason === undefined) continue;
      out.push({ field, found: JSON.stringify(`FROM ${from.written}`), message: `${describeNode(w)} builds FROM "${from.image ?? from.written}", which ${reason}.` });
    }
    return out;
  },
};
