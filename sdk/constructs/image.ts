import { BerthError, show } from "../core/errors.ts";
import type { ImageRef, ImageSource } from "../graph/schema.ts";

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DEFAULT_REGISTRY = "docker.io";

/**
 * Parses an image reference the way Docker normalizes it: `postgres:16.4` →
 * `docker.io/library/postgres:16.4`. Throws a {@link BerthError} naming the part that is wrong.
 */
export function parseImageRef(reference: string, path = "Image.fromRegistry"): ImageRef {
  if (typeof reference !== "string" || reference.length === 0) invalidReference(reference, path, "it is empty");
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) invalidReference(reference, path, `digest ${show(digest)} is not sha256:<64 lowercase hex>`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) invalidReference(reference, path, `tag ${show(tag)} has characters a tag cannot have`);
  }
  const parts = rest.split("/");
  let registry = DEFAULT_REGISTRY;
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    registry = first;
    parts.shift();
  }
  if (parts.length === 0 || parts.some((p) => !COMPONENT.test(p))) {
    invalidReference(reference, path, "the repository must be lowercase letters, digits and separators");
  }
  if (registry === DEFAULT_REGISTRY && parts.length === 1) parts.unshift("library");
  // Keys in sorted order, so the canonical JSON of an image node needs no sorting.
  const repository = parts.join("/");
  if (digest) return tag ? { digest, registry, repository, tag } : { digest, registry, repository };
  return tag ? { registry, repository, tag } : { registry, repository };
}

/** Throws the typed error for a reference that does not parse. */
function invalidReference(reference: string, path: string, why: string): never {
  throw new BerthError({
    code: "image.reference",
    path,
    field: "image",
    found: show(reference),
    message: `Image reference ${show(reference)} is not valid: ${why}.`,
    fix: 'Write [registry/]repository[:tag][@sha256:<digest>], e.g. "postgres:16.4".',
  });
}

/** Formats a parsed reference back to its canonical string. */
export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** Options of {@link Image.fromBuild}. */
export interface BuildOptions {
  /** Build context directory, relative to the stack directory. */
  readonly context: string;
  /** Dockerfile path inside the context. @default "Dockerfile" */
  readonly dockerfile?: string;
  /** Build arguments (`--build-arg`). Not for secrets. @default {} */
  readonly args?: Readonly<Record<string, string>>;
  /** Target stage of a multi-stage build. @default - the last stage */
  readonly target?: string;
  /** Repository to tag and push the built image as. @default - `<target registry>/<stack>/<name>` */
  readonly repository?: string;
}

/**
 * A container image: pulled from a registry or built from a Dockerfile. Images are values,
 * shared freely between workloads (a Job and a Service may run the same image).
 */
export class Image {
  private constructor(
    /** The graph form of this image's source. */
    readonly source: ImageSource,
    /** Name used for the image's node id (`image/<name>`). */
    readonly name: string,
  ) {}

  /**
   * An image from a registry. Tags are pinned to digests by `berth.lock`; an inline
   * `@sha256:` digest pins it directly.
   */
  static fromRegistry(reference: string): Image {
    const ref = parseImageRef(reference);
    const base = ref.repository.split("/").pop() ?? "image";
    return new Image(
      ref.digest ? { kind: "registry", pinnedBy: "inline", ref, reference } : { kind: "registry", ref, reference },
      `${base}${ref.tag ? `-${ref.tag}` : ""}`,
    );
  }

  /** An image built from a Dockerfile context, tagged by content, pushed where the target says. */
  static fromBuild(options: BuildOptions): Image {
    if (!options || typeof options.context !== "string" || options.context.length === 0) {
      throw new BerthError({
        code: "image.build",
        path: "Image.fromBuild",
        field: "context",
        found: show(options?.context),
        message: "A build needs a context directory.",
        fix: 'Image.fromBuild({ context: "./web" })',
      });
    }
    const base = options.context.replace(/\/+$/, "").split("/").pop() || "app";
    const name = `${base === "." ? "app" : base}${options.target ? `-${options.target}` : ""}`;
    return new Image(
      {
        kind: "build",
        context: options.context,
        dockerfile: options.dockerfile ?? "Dockerfile",
        args: { ...(options.args ?? {}) },
        ...(options.target ? { target: options.target } : {}),
        ...(options.repository ? { repository: options.repository } : {}),
      },
      name,
    );
  }
}
