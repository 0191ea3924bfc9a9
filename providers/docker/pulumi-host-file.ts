/**
 * A secret or config file on the docker host, as a Pulumi dynamic resource. @pulumi/docker has
 * no "file on the host" resource, and its Container `uploads` cannot honour the target graph:
 * they are written as root with mode 0644 (no owner, no 0400), and the Engine refuses to copy
 * into a read-only root filesystem. This resource writes exactly what the engine writes
 * (providers/docker/engine/files.ts): the node's host path, mode and owner, in place, so the
 * container's read-only bind mount is the same mount under both realizers.
 *
 * The provider runs on the machine running `pulumi up`, so, like the engine, it needs a local
 * docker host (the realizer refuses remote ones) and the right to chown (root).
 */
import * as pulumi from "@pulumi/pulumi";

/** Inputs of {@link HostFile}. */
export interface HostFileArgs {
  readonly hostPath: pulumi.Input<string>;
  /** The file's bytes as UTF-8 text; a Pulumi secret for secret files. */
  readonly content: pulumi.Input<string>;
  readonly uid: pulumi.Input<number>;
  readonly gid: pulumi.Input<number>;
  readonly mode: pulumi.Input<number>;
}

interface Props {
  hostPath: string;
  content: string;
  uid: number;
  gid: number;
  mode: number;
}

/**
 * The dynamic provider of {@link HostFile}. Pulumi serializes it and runs it in its dynamic
 * provider host, so it captures nothing from this module: Node built-ins are fetched with
 * process.getBuiltinModule inside each method.
 */
export const hostFileProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Props) {
    const fs = process.getBuiltinModule("node:fs");
    const path = process.getBuiltinModule("node:path");
    fs.mkdirSync(path.dirname(inputs.hostPath), { recursive: true, mode: 0o700 });
    fs.writeFileSync(inputs.hostPath, inputs.content, { mode: inputs.mode, flag: "w" });
    fs.chmodSync(inputs.hostPath, inputs.mode);
    fs.chownSync(inputs.hostPath, inputs.uid, inputs.gid);
    return { id: inputs.hostPath, outs: inputs };
  },
  async diff(_id: string, olds: Props, news: Props) {
    const changed = (["hostPath", "content", "uid", "gid", "mode"] as const).filter((k) => olds[k] !== news[k]);
    return { changes: changed.length > 0, replaces: changed.includes("hostPath") ? ["hostPath"] : [], deleteBeforeReplace: false };
  },
  async update(_id: string, _olds: Props, news: Props) {
    // Same inode, truncated and rewritten: a running container's bind mount sees the new bytes.
    const fs = process.getBuiltinModule("node:fs");
    fs.writeFileSync(news.hostPath, news.content, { mode: news.mode, flag: "w" });
    fs.chmodSync(news.hostPath, news.mode);
    fs.chownSync(news.hostPath, news.uid, news.gid);
    return { outs: news };
  },
  async delete(_id: string, props: Props) {
    const fs = process.getBuiltinModule("node:fs");
    fs.rmSync(props.hostPath, { force: true });
  },
};

/** A file on the docker host with an exact mode and owner (`berth:docker:HostFile`). */
export class HostFile extends pulumi.dynamic.Resource {
  declare readonly hostPath: pulumi.Output<string>;

  constructor(name: string, args: HostFileArgs, opts: pulumi.CustomResourceOptions = {}) {
    // The content output repeats a secret input: keep it encrypted in the state.
    super(hostFileProvider, name, { ...args }, { ...opts, additionalSecretOutputs: ["content"] }, "berth", "docker:HostFile");
  }
}
