/**
 * Shared by the build.* rules: where a built image's context and Dockerfile are on disk.
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { ImageSource } from "../../graph/schema.ts";
import type { RuleContext } from "../types.ts";

/** A build source as the graph holds it. */
export type BuildSource = Extract<ImageSource, { kind: "build" }>;

/**
 * The absolute context directory of a build, or undefined when it cannot be read: a relative
 * context without `stackDir`, or a directory that does not exist (the build reports that).
 */
export function contextDir(src: BuildSource, ctx: RuleContext): string | undefined {
  if (!isAbsolute(src.context) && ctx.stackDir === undefined) return undefined;
  const dir = isAbsolute(src.context) ? src.context : resolve(ctx.stackDir!, src.context);
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
}

/** The Dockerfile of a build (its path is relative to the context), when it exists. */
export function dockerfilePath(src: BuildSource, ctx: RuleContext): string | undefined {
  const dir = contextDir(src, ctx);
  if (dir === undefined) return undefined;
  const file = isAbsolute(src.dockerfile) ? src.dockerfile : join(dir, src.dockerfile);
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}
