import type { V1Container, V1DeploymentSpec, V1PodSpec } from "@kubernetes/client-node";
import type { Scope } from "../core/construct.ts";
import type { Edge, KubernetesDeploymentNode } from "../graph/schema.ts";
import { KubernetesDeploymentSpecFields } from "../graph/kubernetes-deployment-schema.ts";
import { Config } from "./config.ts";
import { Image } from "./image.ts";
import { Network } from "./network.ts";
import { instance, parseProps, z } from "./props.ts";
import { Resource, type SynthContext, type Synthesized } from "./resource.ts";
import { Secret } from "./secret.ts";
import { dependencyEdges, imageRefs, networkRefs, secretRefs } from "./target-refs.ts";
import { HostnameRef, type Dependable, type DependsOnProps } from "./workload-props.ts";

/** A container of the pod template: the API's `V1Container` without `image` (set from `images`). */
export type KubernetesContainer = Omit<V1Container, "image">;

/** The pod spec: the API's `V1PodSpec`, with containers whose image Berth sets. */
export interface KubernetesPodSpec extends Omit<V1PodSpec, "containers" | "initContainers"> {
  readonly containers: KubernetesContainer[];
  readonly initContainers?: KubernetesContainer[];
}

/**
 * The apps/v1 `DeploymentSpec` a {@link KubernetesDeployment} passes through as written, typed
 * by @kubernetes/client-node's models. `selector` is not among its fields (Berth selects its own
 * pod labels), and the template's metadata keeps only `labels` and `annotations`.
 */
export interface KubernetesDeploymentSpec extends Omit<V1DeploymentSpec, "selector" | "template"> {
  readonly template: {
    readonly metadata?: { readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
    readonly spec: KubernetesPodSpec;
  };
}

/** Props of {@link KubernetesDeployment}. */
export interface KubernetesDeploymentProps {
  /**
   * The image of every container and init container, by container name; pinned by `berth.lock`
   * or built like every other image.
   * Maps to: each container's `image`, by digest.
   */
  readonly images: Readonly<Record<string, Image>>;
  /**
   * Secrets of the graph, by the name the template uses for them. Wherever the template names a
   * Secret by one of these names (`env[].valueFrom.secretKeyRef`, `envFrom[].secretRef`, a
   * `secret` or `projected` volume), Berth writes the Secret object the graph's secret lowers to
   * and the key its value is stored under; a `secret` volume without `items` gets the value as a
   * file named like the secret.
   * @default {}
   */
  readonly secrets?: Readonly<Record<string, Secret>>;
  /**
   * Configs of the graph, by the name the template uses for them (`configMapKeyRef`,
   * `envFrom[].configMapRef`, a `configMap` volume), as for `secrets`.
   * @default {}
   */
  readonly configs?: Readonly<Record<string, Config>>;
  /**
   * Networks whose members may reach the pods (NetworkPolicy membership labels), like portable workloads.
   * @default [] (the stack's default network)
   */
  readonly networks?: readonly Network[];
  /**
   * Start order: portable workloads or other target-level constructs this one waits for.
   * @default []
   */
  readonly dependsOn?: readonly DependsOnProps[];
  /**
   * Labels of the Deployment (beside Berth's ownership labels; `berth.*` keys are refused).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The Deployment's spec as the Kubernetes API names it, with a full pod template. Fields left
   * out take the API server's defaults, except those Berth sets when the template leaves them
   * out: `serviceAccountName` (the Deployment's own ServiceAccount, no token mounted).
   * Maps to: the `spec` of the apps/v1 Deployment, applied server-side.
   */
  readonly spec: KubernetesDeploymentSpec;
}

const dependable = z.custom<Dependable>((v) => typeof v === "object" && v !== null && "hostname" in v && "node" in v, "must be a Service, Container, Job or a target-level construct");
const localName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a DNS subdomain (the name the template uses)");

const KubernetesDeploymentPropsSchema = z.object({
  images: z.record(z.string().min(1), instance(Image, "must be an Image (Image.fromRegistry or Image.fromBuild)")),
  secrets: z.record(localName, instance(Secret)).optional(),
  configs: z.record(localName, instance(Config)).optional(),
  networks: z.array(z.instanceof(Network)).optional(),
  dependsOn: z.array(z.union([dependable, z.object({ on: dependable, condition: z.enum(["started", "healthy", "completed"]).optional() }).strict()])).optional(),
  labels: z.record(z.string().refine((k) => !k.startsWith("berth."), "is an ownership label key (berth.*), which Berth sets itself"), z.string()).optional(),
  spec: KubernetesDeploymentSpecFields,
}).strict().superRefine((p, ctx) => {
  const containers = [...p.spec.template.spec.containers, ...(p.spec.template.spec.initContainers ?? [])].map((c) => c.name);
  for (const name of containers) {
    if (!(name in p.images)) ctx.addIssue({ code: "custom", path: ["images", name], message: `container '${name}' has no image: add it to images` });
  }
  for (const name of Object.keys(p.images)) {
    if (!containers.includes(name)) ctx.addIssue({ code: "custom", path: ["images", name], message: `no container of the template is named '${name}'` });
  }
});

/**
 * A Kubernetes Deployment with full control of its apps/v1 spec and pod template (sidecars,
 * affinity, tolerations, topology spread, any probe or securityContext field), in the same graph
 * as portable workloads: it uses the graph's images, secrets, configs and networks, depends on
 * workloads and they on it. Kubernetes only: on any other target `berth check` fails naming it
 * (portability `target.kubernetes-deployment`).
 *
 * @example
 * new KubernetesDeployment(stack, "api", {
 *   images: { api: Image.fromRegistry("busybox:1.36") },
 *   secrets: { "db-password": dbPassword },
 *   networks: [backend],
 *   spec: { replicas: 2, template: { spec: { containers: [{ name: "api", command: ["httpd", "-f"] }] } } },
 * });
 */
export class KubernetesDeployment extends Resource {
  private readonly props: KubernetesDeploymentProps;
  private readonly extraDeps: { on: Dependable; condition: "started" | "healthy" | "completed" }[] = [];

  constructor(scope: Scope, id: string, props: KubernetesDeploymentProps) {
    super(scope, id);
    this.props = parseProps(this, KubernetesDeploymentPropsSchema as unknown as z.ZodType<KubernetesDeploymentProps>, props);
  }

  /** This Deployment's DNS name (its Service, when a container declares ports). Use in a portable workload's `env`. */
  get hostname(): HostnameRef {
    return new HostnameRef(this);
  }

  /** Adds a start-order dependency after construction. */
  addDependency(on: Dependable, condition: "started" | "healthy" | "completed" = "started"): void {
    this.extraDeps.push({ on, condition });
  }

  /** @internal */
  synthesize(ctx: SynthContext): Synthesized {
    const p = this.props;
    const edges: Omit<Edge, "from">[] = [];
    const images = imageRefs(ctx, p.images, edges);
    const secrets = secretRefs(ctx, this, p.secrets, edges);
    const configs = Object.entries(p.configs ?? {}).map(([name, c]) => {
      const id = ctx.config(c, this, `configs.${name}`);
      edges.push({ to: id, kind: "uses" });
      return { name, config: id };
    });
    const networks = networkRefs(p.networks, edges);
    dependencyEdges(p.dependsOn, this.extraDeps, edges);
    const spec: KubernetesDeploymentNode = {
      kind: "kubernetes-deployment",
      target: "kubernetes",
      images,
      secrets,
      configs,
      networks,
      labels: { ...(p.labels ?? {}) },
      spec: structuredClone(p.spec) as KubernetesDeploymentNode["spec"],
    };
    return { spec, edges };
  }
}
