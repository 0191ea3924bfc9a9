/**
 * Secret and config files on the docker host. They are written in place (same inode) so a
 * running container's bind mount sees the new content, with the node's mode and owner.
 * Only local engines are supported: the files must be on the machine running dockerd.
 */
import { chmodSync, chownSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { BerthError } from "../../../sdk/core/errors.ts";
import type { DockerFileNode, DockerGraph } from "../target.ts";
import { resolveSecretValue, type SecretSources } from "../../shared/secret-values.ts";

/** Refuses remote engines, where a file written here would not reach the containers. */
export function assertLocalFiles(graph: DockerGraph): void {
  if (graph.host && !graph.host.startsWith("unix://")) {
    throw new BerthError({
      code: "engine.remote-files",
      path: graph.stack,
      field: "target.host",
      found: graph.host,
      message: `Secret and config files are written on this machine, but the engine at ${graph.host} is remote.`,
      fix: "run berth on the docker host itself, or deploy this stack with the Swarm target (docker secrets)",
    });
  }
}

/** Writes a file node's content, mode and owner. */
export function writeFileNode(node: DockerFileNode, sources: SecretSources): void {
  const dir = dirname(node.hostPath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Truncate and write the existing inode (flag "w") rather than rename a new file over it:
  // running containers bind-mount this inode.
  writeFileSync(node.hostPath, fileContent(node, sources), { mode: node.mode, flag: "w" });
  chmodSync(node.hostPath, node.mode);
  chownSync(node.hostPath, node.uid, node.gid);
}

/** Removes a directory of files (an orphan, or the whole stack's on `down`). */
export function removeFiles(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** The bytes a file node must hold: a config's text, or its secret's value resolved now. */
export function fileContent(node: DockerFileNode, sources: SecretSources): Buffer {
  const c = node.content;
  if (c.kind === "config") return Buffer.from(c.text);
  return resolveSecretValue({ secret: c.secret, path: node.path, field: `secrets.${node.containerPath}`, usedAs: node.containerPath, from: c.from }, sources);
}
