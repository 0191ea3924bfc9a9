/**
 * A workload's ports as a Service (and an Ingress when `kubernetes.ingressHost` is set).
 *
 * Every container port is a Service port of the same number, so pods on the workload's
 * networks reach it by name on the port they would use on Docker (`shop-db:5432`). A
 * published port decides the Service type when `kubernetes.serviceType` does not:
 *
 * - published inside the NodePort range (30000-32767): `NodePort`, with `nodePort` = the
 *   published port, so it answers on that port of every node as on a Docker host;
 * - published outside it (`8080`): `LoadBalancer`, listening on the published port too (a
 *   node port cannot be 8080, and a load balancer is what publishing means on a cluster);
 * - `serviceType: "NodePort"` with a published port outside the range is an error naming the
 *   construct, the port and the fix, not a Service with a random node port.
 */
import { BerthError } from "../../sdk/core/errors.ts";
import type { WorkloadGraphNode } from "../../sdk/graph/schema.ts";
import type { Ingress, ObjectMeta, Service, ServicePort } from "./objects.ts";

/** The NodePort range of a default kube-apiserver (`--service-node-port-range`). */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

function inNodePortRange(port: number): boolean {
  return port >= NODE_PORT_RANGE.min && port <= NODE_PORT_RANGE.max;
}

/** The Service type of a workload with ports. */
export function serviceType(w: WorkloadGraphNode): Service["spec"]["type"] {
  const asked = w.spec.targetOptions.kubernetes?.serviceType;
  if (asked) return asked;
  const published = w.spec.ports.filter((p) => p.published !== undefined);
  if (published.length === 0) return "ClusterIP";
  return published.every((p) => inNodePortRange(p.published!)) ? "NodePort" : "LoadBalancer";
}

/** The Service ports: one per container port, plus the published ports a load balancer or cluster IP listens on. */
export function servicePorts(w: WorkloadGraphNode, type: Service["spec"]["type"]): ServicePort[] {
  const out = new Map<string, ServicePort>();
  w.spec.ports.forEach((p, i) => {
    const protocol = p.protocol === "udp" ? ("UDP" as const) : ("TCP" as const);
    const key = `${p.container}/${protocol}`;
    let port = out.get(key) ?? { name: `${p.protocol}-${p.container}`, protocol, port: p.container, targetPort: p.container };
    if (type === "NodePort" && p.published !== undefined && port.nodePort === undefined) {
      if (!inNodePortRange(p.published)) {
        throw new BerthError({
          code: "kubernetes.node-port-range",
          path: w.path,
          field: `ports[${i}].published`,
          found: String(p.published),
          message: `${w.id} publishes port ${p.published} as a NodePort, but node ports must be in ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}.`,
          fix: `publish on a port in ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max} (e.g. { container: ${p.container}, published: ${NODE_PORT_RANGE.min + (p.container % 1000)} }), or set kubernetes: { serviceType: "LoadBalancer" }`,
        });
      }
      port = { ...port, nodePort: p.published };
    }
    out.set(key, port);
  });
  if (type !== "NodePort") {
    for (const p of w.spec.ports) {
      const protocol = p.protocol === "udp" ? ("UDP" as const) : ("TCP" as const);
      if (p.published === undefined || out.has(`${p.published}/${protocol}`)) continue;
      out.set(`${p.published}/${protocol}`, { name: `pub-${p.protocol}-${p.published}`, protocol, port: p.published, targetPort: p.container });
    }
  }
  return [...out.values()];
}

/** The Service of a workload with ports. */
export function service(w: WorkloadGraphNode, meta: ObjectMeta, selector: Record<string, string>): Service {
  const type = serviceType(w);
  return { apiVersion: "v1", kind: "Service", metadata: meta, spec: { type, selector: { ...selector }, ports: servicePorts(w, type) } };
}

/** The Ingress of a workload with `kubernetes.ingressHost`: every path to the Service port of its first published (else first) port. */
export function ingress(w: WorkloadGraphNode, meta: ObjectMeta, svc: Service, host: string): Ingress {
  const first = w.spec.ports.find((p) => p.published !== undefined) ?? w.spec.ports[0];
  if (!first) {
    throw new BerthError({
      code: "kubernetes.ingress-without-port",
      path: w.path,
      field: "kubernetes.ingressHost",
      found: JSON.stringify(host),
      message: `${w.id} asks for an Ingress on ${host}, but has no port for it to route to.`,
      fix: "add the port the workload serves HTTP on to `ports`, or remove kubernetes.ingressHost",
    });
  }
  const port = svc.spec.type !== "NodePort" && first.published !== undefined ? first.published : first.container;
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: meta,
    spec: { rules: [{ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: svc.metadata.name, port: { number: port } } } }] } }] },
  };
}
