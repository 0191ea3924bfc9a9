/**
 * The `kubernetes-deployment` node of the portable graph: a target-level construct
 * (`KubernetesDeployment`) carrying an apps/v1 `DeploymentSpec` and its pod template as the
 * user wrote them, beside portable workloads. Only the parts that refer to the graph are Berth
 * values (node ids): the image of each container, the Secrets and Configs the template names,
 * and the networks; Berth decides the name, the selector and the ownership labels when lowering.
 *
 * {@link KubernetesDeploymentSpecFields} is both the construct's `spec` prop schema and the
 * node's `spec` field. It is built from the schemas generated from @kubernetes/client-node's
 * models (./kubernetes-api-schema.ts), strict, so a misspelt API field fails in the constructor.
 */
import { z } from "zod";
import * as K from "./kubernetes-api-schema.ts";

const labels = z.record(
  z.string().refine((k) => !k.startsWith("berth."), "is an ownership label key (berth.*), which Berth sets itself"),
  z.string(),
);

/** A container of the template: its `image` is left out, Berth sets it from the construct's `images`. */
const ContainerFields = K.V1Container.extend({
  image: z.never("is set by the construct's `images` (by container name), so it is pinned by berth.lock").optional(),
});

/** The pod spec: the API's, with containers whose image Berth sets. */
export const KubernetesPodSpecFields = K.V1PodSpec.extend({
  containers: z.array(ContainerFields).min(1),
  initContainers: z.array(ContainerFields).optional(),
}).superRefine((spec, ctx) => {
  const names = [...spec.containers, ...(spec.initContainers ?? [])].map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) ctx.addIssue({ code: "custom", path: ["containers"], message: `container name '${dup}' is used twice` });
});

/**
 * The part of an apps/v1 `DeploymentSpec` a `KubernetesDeployment` sets. Left out because Berth
 * decides them: `selector` (Berth's pod labels) and the template's `metadata.name`/`namespace`
 * (the template keeps only `labels` and `annotations`, beside Berth's own).
 */
export const KubernetesDeploymentSpecFields = K.V1DeploymentSpec.omit({ selector: true, template: true }).extend({
  template: z.strictObject({
    metadata: z.strictObject({ labels: labels.optional(), annotations: z.record(z.string(), z.string()).optional() }).optional(),
    spec: KubernetesPodSpecFields,
  }),
});
export type KubernetesDeploymentSpecFields = z.infer<typeof KubernetesDeploymentSpecFields>;

/** A node whose spec is a Kubernetes Deployment (target `kubernetes` only). */
export const KubernetesDeploymentNode = z.object({
  kind: z.literal("kubernetes-deployment"),
  /** The only target that can realize it. */
  target: z.literal("kubernetes"),
  /** The image node of each container and init container, by container name. */
  images: z.array(z.object({ container: z.string().min(1), image: z.string().min(1) })),
  /** Secrets the template names, by the name it uses for them. */
  secrets: z.array(z.object({ name: z.string().min(1), secret: z.string().min(1) })),
  /** Configs the template names, by the name it uses for them. */
  configs: z.array(z.object({ name: z.string().min(1), config: z.string().min(1) })),
  networks: z.array(z.string().min(1)),
  /** Object labels (beside Berth's ownership labels). */
  labels: labels,
  spec: KubernetesDeploymentSpecFields,
});
export type KubernetesDeploymentNode = z.infer<typeof KubernetesDeploymentNode>;
