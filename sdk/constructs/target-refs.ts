/**
 * The graph references of a target-level construct (SwarmService, KubernetesDeployment,
 * FargateService): its images, secrets and networks by node id, and its start-order
 * dependencies, each recorded as an edge. One place, so the three refer to the graph alike.
 */
import type { Edge } from "../graph/schema.ts";
import type { Image } from "./image.ts";
import type { Network } from "./network.ts";
import type { Resource, SynthContext } from "./resource.ts";
import type { Secret } from "./secret.ts";
import type { Dependable, DependsOnProps } from "./workload-props.ts";

/** Edges a construct collects while it synthesizes. */
export type RefEdges = Omit<Edge, "from">[];

/** Each container's image as its graph node id. */
export function imageRefs(ctx: SynthContext, images: Readonly<Record<string, Image>>, edges: RefEdges): { container: string; image: string }[] {
  return Object.entries(images).map(([container, image]) => {
    const id = ctx.image(image);
    edges.push({ to: id, kind: "uses" });
    return { container, image: id };
  });
}

/** Each named secret as its graph node id (`secrets.<name>` in messages). */
export function secretRefs(ctx: SynthContext, owner: Resource, secrets: Readonly<Record<string, Secret>> | undefined, edges: RefEdges): { name: string; secret: string }[] {
  return Object.entries(secrets ?? {}).map(([name, s]) => {
    const id = ctx.secret(s, owner, `secrets.${name}`);
    edges.push({ to: id, kind: "uses" });
    return { name, secret: id };
  });
}

/** The networks' node ids. */
export function networkRefs(networks: readonly Network[] | undefined, edges: RefEdges): string[] {
  const ids = (networks ?? []).map((n) => n.node.idInStack);
  for (const id of ids) edges.push({ to: id, kind: "uses" });
  return ids;
}

/** Start-order edges from the props' `dependsOn` and those added after construction. */
export function dependencyEdges(dependsOn: readonly DependsOnProps[] | undefined, added: readonly { on: Dependable; condition: "started" | "healthy" | "completed" }[], edges: RefEdges): void {
  for (const d of dependsOn ?? []) {
    if ("on" in d) edges.push({ to: d.on.node.idInStack, kind: "depends", condition: d.condition ?? "started" });
    else edges.push({ to: d.node.idInStack, kind: "depends", condition: "started" });
  }
  for (const d of added) edges.push({ to: d.on.node.idInStack, kind: "depends", condition: d.condition });
}
