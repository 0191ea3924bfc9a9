/**
 * Realizes the swarm target graph as @pulumi/docker resources, one per target node, named by
 * the node id: docker.Network (overlay), docker.Secret, docker.ServiceConfig, docker.RemoteImage
 * or docker.Image, docker.Service. Arguments come from pulumi-args.ts (pure); this file adds
 * the Pulumi runtime parts: secret values as Pulumi secrets, ids wired between resources and
 * `dependsOn` mirroring the graph's ordering edges.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { BerthError } from "../../sdk/core/errors.ts";
import { imageArgs } from "../shared/docker-api/pulumi-image.ts";
import { configArgs, networkArgs, secretArgs, serviceArgs, swarmPulumiGaps, type SwarmPulumiGap, type SwarmRefKind } from "./pulumi-args.ts";
import type { SwarmGraph, SwarmSecretNode } from "./target.ts";

/** Options of {@link realizeSwarmWithPulumi}. */
export interface RealizeSwarmOptions {
  /** Directory relative `Secret.fromFile` paths are resolved against. @default process.cwd() */
  readonly stackDir?: string;
  /** Where `Secret.fromEnv` values come from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Pulumi config namespace for `Secret.fromConfig`. @default - the Pulumi project name */
  readonly configNamespace?: string;
  /** Parent of every resource. @default - the stack */
  readonly parent?: pulumi.Resource;
  /** Called once per field the provider cannot express. @default pulumi.log.warn */
  readonly onGap?: (gap: SwarmPulumiGap) => void;
}

/** What {@link realizeSwarmWithPulumi} created. */
export interface SwarmPulumiResources {
  /** Every resource by target node id. */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;
  /** Services by swarm name. */
  readonly services: Readonly<Record<string, docker.Service>>;
  readonly gaps: readonly SwarmPulumiGap[];
}

/** Creates the swarm target graph's nodes as Pulumi resources (inside a Pulumi program or under mocks). */
export function realizeSwarmWithPulumi(graph: SwarmGraph, options: RealizeSwarmOptions = {}): SwarmPulumiResources {
  const provider = graph.host ? new docker.Provider(`${graph.stack}-docker`, { host: graph.host }, options.parent ? { parent: options.parent } : {}) : undefined;
  const base: pulumi.CustomResourceOptions = { ...(options.parent ? { parent: options.parent } : {}), ...(provider ? { provider } : {}) };
  const config = new pulumi.Config(options.configNamespace);
  const resources = new Map<string, pulumi.CustomResource>();
  const images = new Map<string, pulumi.Output<string>>();
  // Secret, config and network names are separate namespaces in swarm: one map per kind.
  const idsByName = new Map<`${SwarmRefKind}:${string}`, pulumi.Output<string>>();
  const services: Record<string, docker.Service> = {};

  for (const n of graph.nodes) {
    switch (n.kind) {
      case "swarm.network": {
        const r = new docker.Network(n.id, networkArgs(n), { ...base, deleteBeforeReplace: true });
        resources.set(n.id, r);
        idsByName.set(`network:${n.name}`, r.id);
        break;
      }
      case "swarm.secret": {
        const r = new docker.Secret(n.id, secretArgs(n, secretData(n, config, options)), base);
        resources.set(n.id, r);
        idsByName.set(`secret:${n.name}`, r.id);
        break;
      }
      case "swarm.config": {
        const r = new docker.ServiceConfig(n.id, configArgs(n), base);
        resources.set(n.id, r);
        idsByName.set(`config:${n.name}`, r.id);
        break;
      }
      case "docker.image": {
        const a = imageArgs(n);
        if (a.type === "RemoteImage") {
          const r = new docker.RemoteImage(n.id, a.args, base);
          resources.set(n.id, r);
          images.set(n.id, r.name);
        } else {
          const r = new docker.Image(n.id, a.args, base);
          resources.set(n.id, r);
          images.set(n.id, r.imageName);
        }
        break;
      }
      default:
        break;
    }
  }
  // Services in dependency order: each depends on what it uses and on what it waits for.
  const deps = new Map<string, string[]>();
  for (const e of graph.edges) deps.set(e.from, [...(deps.get(e.from) ?? []), e.to]);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const visiting = new Set<string>();
  const visit = (id: string): void => {
    const n = byId.get(id);
    if (!n || n.kind !== "swarm.service" || resources.has(id) || visiting.has(id)) return;
    visiting.add(id);
    for (const d of deps.get(id) ?? []) visit(d);
    const uses = [n.image, ...n.secrets, ...n.configs, ...n.spec.TaskTemplate.Networks.map((x) => graph.nodes.find((m) => m.kind === "swarm.network" && m.name === x.Target)?.id ?? "")];
    const dependsOn = [...uses, ...(deps.get(id) ?? [])].map((x) => resources.get(x)).filter((r): r is pulumi.CustomResource => r !== undefined);
    // The lowering only refers to objects of the graph; the bare name stands in should one be missing.
    const ids = (name: string, kind: SwarmRefKind) => idsByName.get(`${kind}:${name}`) ?? pulumi.output(name);
    const svc = new docker.Service(n.id, serviceArgs(n, images.get(n.image) ?? n.spec.TaskTemplate.ContainerSpec.Image, ids), { ...base, dependsOn });
    resources.set(id, svc);
    services[n.name] = svc;
  };
  for (const n of graph.nodes) visit(n.id);

  const gaps = swarmPulumiGaps(graph);
  const warn = options.onGap ?? ((g: SwarmPulumiGap) => void pulumi.log.warn(`${g.path} (${g.node}): ${g.field} = ${g.found}: ${g.message}`));
  for (const g of gaps) warn(g);
  return { resources, services, gaps };
}

/** A secret's value, base64-encoded, as a Pulumi secret: from Pulumi config, env or a file. */
function secretData(n: SwarmSecretNode, config: pulumi.Config, options: RealizeSwarmOptions): pulumi.Input<string> {
  const from = n.from;
  const b64 = (v: string) => Buffer.from(v).toString("base64");
  const fail = (found: string, fix: string): never => {
    throw new BerthError({ code: "secret.unresolved", path: n.path, field: "secret", found, message: `Secret '${n.source}' has no value for Pulumi.`, fix });
  };
  switch (from.kind) {
    case "config":
      return config.requireSecret(from.key).apply(b64);
    case "env": {
      const v = (options.env ?? process.env)[from.name];
      return v === undefined ? fail(`environment variable ${from.name} unset`, `export ${from.name}=...`) : pulumi.secret(b64(v));
    }
    case "file": {
      const p = isAbsolute(from.path) ? from.path : join(options.stackDir ?? process.cwd(), from.path);
      return existsSync(p) ? pulumi.secret(readFileSync(p).toString("base64")) : fail(`file ${p} missing`, `create ${p}`);
    }
    default:
      return fail(`a ${from.kind} reference`, "use Secret.fromConfig, fromEnv or fromFile on a swarm target");
  }
}
