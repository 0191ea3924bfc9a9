/**
 * The @pulumi/docker resource for an image node, as both Docker-based targets realize images:
 * a `docker.RemoteImage` pulled by reference, or a `docker.Image` built from the same context,
 * Dockerfile, args and target as the engine builds it.
 */
import { isAbsolute, join } from "node:path";
import type * as docker from "@pulumi/docker";
import type { DockerImageNode } from "./image-node.ts";

/** The resource an image node becomes, with its arguments. */
export type ImageArgs =
  | { readonly type: "RemoteImage"; readonly args: docker.RemoteImageArgs }
  | { readonly type: "Image"; readonly args: docker.ImageArgs };

/**
 * A pulled image is a `docker.RemoteImage` named by the node's ref (by digest when pinned;
 * kept locally on destroy, like the engine, which never removes images). A built image is a
 * `docker.Image` built from the same context, Dockerfile, args and target, tagged with the
 * same content tag, pushed only when the node says so.
 */
export function imageArgs(node: DockerImageNode): ImageArgs {
  const a = node.action;
  if (a.kind === "pull") return { type: "RemoteImage", args: { name: node.ref, keepLocally: true } };
  return {
    type: "Image",
    args: {
      imageName: node.ref,
      build: {
        context: a.context,
        // The provider resolves a relative Dockerfile against the working directory, not the context.
        dockerfile: isAbsolute(a.dockerfile) ? a.dockerfile : join(a.context, a.dockerfile),
        args: { ...a.args },
        ...(a.target ? { target: a.target } : {}),
      },
      skipPush: !a.push,
    },
  };
}

