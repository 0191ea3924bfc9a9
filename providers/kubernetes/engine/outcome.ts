/**
 * What a Kubernetes session and the no-op fast path (fast-noop.ts) both need from a lowered
 * graph alone: the Secret values resolved for this run, and the lines `up` prints for published
 * ports. Light on purpose: the fast path's bundle loads no sdk schema or zod.
 */
import { resolveSecretValue, type SecretSources } from "../../shared/secret-values.ts";
import type { KubernetesGraph } from "../target.ts";
import type { SecretValues } from "./plan.ts";

/** Every Secret node's value, resolved by the shared resolver (never printed). */
export function secretValues(graph: KubernetesGraph, sources: SecretSources): SecretValues {
  const values = new Map<string, Buffer>();
  for (const n of graph.nodes) {
    if (n.kind !== "k8s.secret") continue;
    values.set(n.id, resolveSecretValue({ secret: n.source, path: n.path, field: `secrets.${n.source}`, usedAs: `the Kubernetes Secret ${graph.namespace}/${n.name}`, from: n.from }, sources));
  }
  return values;
}

/** One line per published port of the stack's Services. */
export function kubernetesEndpoints(graph: KubernetesGraph): string[] {
  return graph.nodes.flatMap((n) => {
    if (n.kind !== "k8s.service") return [];
    const spec = n.object.spec as { type?: string; ports: { port: number; nodePort?: number }[] };
    if (spec.type === "NodePort") return spec.ports.filter((p) => p.nodePort).map((p) => `${n.name}: http://<node>:${p.nodePort} (NodePort → ${p.port})`);
    if (spec.type === "LoadBalancer") return spec.ports.map((p) => `${n.name}: port ${p.port} of its load balancer (kubectl -n ${graph.namespace} get service ${n.name})`);
    return [];
  });
}

