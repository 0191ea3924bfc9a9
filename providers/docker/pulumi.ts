/**
 * Realizes the Docker host target graph as @pulumi/docker resources, one resource per target
 * node, named by the node id, with `dependsOn` mirroring the graph's edges. The arguments come
 * from pulumi-args.ts (pure); this file only adds what needs the Pulumi runtime: resources,
 * secret values from Pulumi config, env or files, and the dependency wiring.
 */
import { readFileSync, existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { BerthError } from "../../sdk/core/errors.ts";
import { containerArgs, hostFileArgs, imageArgs, networkArgs, pulumiGaps, volumeArgs, type PulumiGap } from "./pulumi-args.ts";
import { HostFile } from "./pulumi-host-file.ts";
import type { DockerFileNode, DockerGraph, DockerNode } from "./target.ts";

/** Options of {@link realizeDockerWithPulumi}. */
export interface RealizeDockerOptions {
  /** Directory relative `Secret.fromFile` paths are resolved against. @default process.cwd() */
  readonly stackDir?: string;
  /** Where `Secret.fromEnv` values come from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Pulumi config namespace for `Secret.fromConfig`. @default - the Pulumi project name */
  readonly configNamespace?: string;
  /** Parent of every resource (e.g. a ComponentResource). @default - the stack */
  readonly parent?: pulumi.Resource;
  /** Called once per field the provider cannot express. @default pulumi.log.warn */
  readonly onGap?: (gap: PulumiGap) => void;
}

/** What {@link realizeDockerWithPulumi} created. */
export interface DockerPulumiResources {
  /** Every resource by target node id. */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;
  /** Containers by docker name. */
  readonly containers: Readonly<Record<string, docker.Container>>;
  /** Fields the provider could not express (also reported through `onGap`). */
  readonly gaps: readonly PulumiGap[];
}

/**
 * Creates the target graph's nodes as Pulumi resources: `docker.Network`, `docker.Volume`
 * (kept on destroy, like `berth down`), `docker.RemoteImage` or `docker.Image`, a
 * {@link HostFile} per secret/config file and `docker.Container`. Must run inside a Pulumi
 * program (or under `pulumi.runtime.setMocks`).
 */
export function realizeDockerWithPulumi(graph: DockerGraph, options: RealizeDockerOptions = {}): DockerPulumiResources {
  if (graph.host && !graph.host.startsWith("unix://") && graph.nodes.some((n) => n.kind === "docker.file")) {
    throw new BerthError({
      code: "pulumi.remote-files",
      path: graph.stack,
      field: "target.host",
      found: graph.host,
      message: `Secret and config files are written on the machine running Pulumi, but the Docker host ${graph.host} is remote.`,
      fix: "run `pulumi up` on the docker host itself, or deploy this stack with the Swarm target (docker secrets)",
    });
  }
  const provider = graph.host ? new docker.Provider(`${graph.stack}-docker`, { host: graph.host }, options.parent ? { parent: options.parent } : {}) : undefined;
  const base: pulumi.CustomResourceOptions = { ...(options.parent ? { parent: options.parent } : {}), ...(provider ? { provider } : {}) };
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const deps = new Map<string, string[]>();
  for (const e of graph.edges) deps.set(e.from, [...(deps.get(e.from) ?? []), e.to]);

  const resources = new Map<string, pulumi.CustomResource>();
  const containers: Record<string, docker.Container> = {};
  const imageRefs = new Map<string, pulumi.Output<string>>();
  const config = new pulumi.Config(options.configNamespace);

  const create = (node: DockerNode): void => {
    const opts: pulumi.CustomResourceOptions = { ...base, dependsOn: (deps.get(node.id) ?? []).map((id) => resources.get(id)!) };
    switch (node.kind) {
      case "docker.network":
        // Docker names are fixed: a replacement must remove the old object first, as the engine does.
        resources.set(node.id, new docker.Network(node.id, networkArgs(node), { ...opts, deleteBeforeReplace: true }));
        return;
      case "docker.volume":
        // `berth down` keeps volumes; so does `pulumi destroy`.
        resources.set(node.id, new docker.Volume(node.id, volumeArgs(node), { ...opts, retainOnDelete: true }));
        return;
      case "docker.image": {
        const a = imageArgs(node);
        if (a.type === "RemoteImage") {
          const r = new docker.RemoteImage(node.id, a.args, opts);
          resources.set(node.id, r);
          imageRefs.set(node.id, r.name);
        } else {
          const r = new docker.Image(node.id, a.args, opts);
          resources.set(node.id, r);
          imageRefs.set(node.id, r.imageName);
        }
        return;
      }
      case "docker.file":
        resources.set(node.id, new HostFile(node.id, { ...hostFileArgs(node), content: fileContent(node, config, options) }, opts));
        return;
      case "docker.container": {
        const c = new docker.Container(node.id, containerArgs(node, imageRefs.get(node.image) ?? node.create.Image), { ...opts, deleteBeforeReplace: true });
        resources.set(node.id, c);
        containers[node.name] = c;
        return;
      }
    }
  };

  // Depth-first in edge order: every resource exists before the ones that depend on it.
  const visiting = new Set<string>();
  const visit = (id: string): void => {
    if (resources.has(id) || visiting.has(id)) return;
    visiting.add(id);
    for (const to of deps.get(id) ?? []) visit(to);
    const node = byId.get(id);
    if (node) create(node);
  };
  for (const n of graph.nodes) visit(n.id);

  const gaps = pulumiGaps(graph);
  const warn = options.onGap ?? ((g: PulumiGap) => void pulumi.log.warn(`${g.path} (${g.node}): ${g.field} = ${g.found}: ${g.message}`));
  for (const g of gaps) warn(g);
  return { resources, containers, gaps };
}

/** A file's content: config text as is, secrets as Pulumi secrets from config, env or a file. */
function fileContent(node: DockerFileNode, config: pulumi.Config, options: RealizeDockerOptions): pulumi.Input<string> {
  const c = node.content;
  if (c.kind === "config") return c.text;
  const from = c.from;
  const fail = (found: string, fix: string): never => {
    throw new BerthError({
      code: "secret.unresolved",
      path: node.path,
      field: `secrets.${node.containerPath}`,
      found,
      message: `Secret '${c.secret}' for ${node.containerPath} has no value for Pulumi.`,
      fix,
    });
  };
  switch (from.kind) {
    case "config":
      return config.requireSecret(from.key);
    case "env": {
      const v = (options.env ?? process.env)[from.name];
      return v === undefined ? fail(`environment variable ${from.name} unset`, `export ${from.name}=...`) : pulumi.secret(v);
    }
    case "file": {
      const p = isAbsolute(from.path) ? from.path : join(options.stackDir ?? process.cwd(), from.path);
      return existsSync(p) ? pulumi.secret(readFileSync(p, "utf8")) : fail(`file ${p} missing`, `create ${p}`);
    }
    default:
      return fail(`a ${from.kind} reference`, "use Secret.fromConfig, fromEnv or fromFile on a Docker host target");
  }
}
