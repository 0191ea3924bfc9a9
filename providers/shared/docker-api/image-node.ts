/**
 * The image node both Docker-based targets (Docker host and swarm) lower images to: a
 * reference the engine pulls, or a build context it builds, tags by content and pushes.
 */
import { z } from "zod";
import { TargetNodeBase } from "../target.ts";

/** An image: pulled from a registry (by digest when pinned) or built from a context. */
export const DockerImageNode = z.object({
  kind: z.literal("docker.image"),
  ...TargetNodeBase,
  /** The reference containers use (`Image`). */
  ref: z.string(),
  action: z.discriminatedUnion("kind", [
    /** Pull `ref` when it is not present locally. */
    z.object({ kind: z.literal("pull") }),
    z.object({
      kind: z.literal("build"),
      /** Absolute build context. */
      context: z.string(),
      dockerfile: z.string(),
      args: z.record(z.string(), z.string()),
      target: z.string().optional(),
      /** Push `ref` to its registry after building. */
      push: z.boolean(),
    }),
  ]),
});
export type DockerImageNode = z.infer<typeof DockerImageNode>;
