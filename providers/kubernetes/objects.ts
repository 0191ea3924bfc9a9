/**
 * The Kubernetes manifests Berth's lowering writes, as zod schemas: the subset of the core/v1,
 * apps/v1, batch/v1, policy/v1 and networking.k8s.io/v1 objects it uses, field names exactly as
 * the API spells them. Objects are strict, so a misspelt field fails the lowering's own parse
 * instead of being dropped by the API server (server-side apply rejects unknown fields too, but
 * only once a cluster is asked).
 *
 * Label keys and values are checked against the API's own rules (a value is at most 63
 * characters of `[A-Za-z0-9_.-]`, starting and ending alphanumeric), since a violation is
 * otherwise only found at apply time.
 */
import { z } from "zod";
import * as KubeApi from "../../sdk/graph/kubernetes-api-schema.ts";

/** A label value as the API validates it. */
export const LabelValue = z.string().max(63).regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/);
/** A label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
export const LabelKey = z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/);
/** Object labels. */
export const KubeLabels = z.record(LabelKey, LabelValue);
/** A DNS-1123 label (Service, container and port-free object names). */
export const DnsLabel = z.string().max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
/** A DNS-1035 label: a Service name must start with a letter. */
export const Dns1035Label = z.string().max(63).regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);

/** `metadata` of every object Berth writes. */
export const ObjectMeta = z.strictObject({
  name: DnsLabel,
  namespace: DnsLabel.optional(),
  labels: KubeLabels,
  annotations: z.record(z.string(), z.string()),
});
export type ObjectMeta = z.infer<typeof ObjectMeta>;

/** `metadata` of a pod template (no name: the controller names pods). */
export const TemplateMeta = z.strictObject({ labels: KubeLabels, annotations: z.record(z.string(), z.string()).optional() });

/** A label selector with `matchLabels` only (Berth selects by its own labels). */
export const LabelSelector = z.strictObject({ matchLabels: KubeLabels });

/** Memory, CPU or storage quantity, e.g. `250m`, `256Mi`, `10Gi`. */
export const Quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|Pi|Ei)?$/);

const ResourceList = z.strictObject({ cpu: Quantity.optional(), memory: Quantity.optional() });

/** A probe handler and its timing. */
export const Probe = z.strictObject({
  exec: z.strictObject({ command: z.array(z.string()).min(1) }).optional(),
  httpGet: z.strictObject({ path: z.string(), port: z.number().int() }).optional(),
  tcpSocket: z.strictObject({ port: z.number().int() }).optional(),
  periodSeconds: z.number().int().min(1),
  timeoutSeconds: z.number().int().min(1),
  failureThreshold: z.number().int().min(1),
});
export type Probe = z.infer<typeof Probe>;

/** A container's `securityContext`. */
export const ContainerSecurityContext = z.strictObject({
  runAsUser: z.number().int().min(0).optional(),
  runAsGroup: z.number().int().min(0).optional(),
  runAsNonRoot: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean(),
  allowPrivilegeEscalation: z.boolean().optional(),
  privileged: z.boolean().optional(),
  capabilities: z.strictObject({ drop: z.array(z.string()), add: z.array(z.string()) }),
});

/** A `seccompProfile` (pod level). */
export const SeccompProfile = z.strictObject({
  type: z.enum(["RuntimeDefault", "Unconfined", "Localhost"]),
  localhostProfile: z.string().optional(),
});

/** One container of a pod. */
export const Container = z.strictObject({
  name: DnsLabel,
  image: z.string().min(1),
  imagePullPolicy: z.enum(["IfNotPresent", "Always", "Never"]),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  env: z.array(z.strictObject({ name: z.string(), value: z.string() })),
  ports: z.array(z.strictObject({ containerPort: z.number().int().min(1).max(65535), protocol: z.enum(["TCP", "UDP"]) })),
  resources: z.strictObject({ limits: ResourceList, requests: ResourceList }),
  securityContext: ContainerSecurityContext,
  readinessProbe: Probe.optional(),
  livenessProbe: Probe.optional(),
  startupProbe: Probe.optional(),
  volumeMounts: z.array(z.strictObject({ name: DnsLabel, mountPath: z.string(), readOnly: z.boolean(), subPath: z.string().optional() })),
});
export type Container = z.infer<typeof Container>;

const KeyToPath = z.strictObject({ key: z.string(), path: z.string(), mode: z.number().int().min(0).max(0o777) });

/** A pod volume: a claim, a host path, a memory emptyDir, a Secret, a ConfigMap or a projection of Secrets. */
export const Volume = z.strictObject({
  name: DnsLabel,
  persistentVolumeClaim: z.strictObject({ claimName: DnsLabel, readOnly: z.boolean() }).optional(),
  hostPath: z.strictObject({ path: z.string() }).optional(),
  emptyDir: z.strictObject({ medium: z.literal("Memory"), sizeLimit: Quantity.optional() }).optional(),
  secret: z.strictObject({ secretName: DnsLabel, items: z.array(KeyToPath) }).optional(),
  configMap: z.strictObject({ name: DnsLabel, items: z.array(KeyToPath) }).optional(),
  projected: z.strictObject({ sources: z.array(z.strictObject({ secret: z.strictObject({ name: DnsLabel, items: z.array(KeyToPath) }) })) }).optional(),
});
export type Volume = z.infer<typeof Volume>;

/** A topology spread constraint (replicas across nodes). */
export const TopologySpreadConstraint = z.strictObject({
  maxSkew: z.number().int().min(1),
  topologyKey: z.string(),
  whenUnsatisfiable: z.enum(["ScheduleAnyway", "DoNotSchedule"]),
  labelSelector: LabelSelector,
});

/** A pod spec. */
export const PodSpec = z.strictObject({
  serviceAccountName: DnsLabel,
  automountServiceAccountToken: z.literal(false),
  restartPolicy: z.enum(["Always", "Never", "OnFailure"]),
  terminationGracePeriodSeconds: z.number().int().min(0).optional(),
  shareProcessNamespace: z.boolean().optional(),
  hostNetwork: z.boolean().optional(),
  hostPID: z.boolean().optional(),
  hostIPC: z.boolean().optional(),
  securityContext: z.strictObject({ fsGroup: z.number().int().min(0).optional(), seccompProfile: SeccompProfile }),
  topologySpreadConstraints: z.array(TopologySpreadConstraint).optional(),
  containers: z.array(Container).length(1),
  volumes: z.array(Volume),
});
export type PodSpec = z.infer<typeof PodSpec>;

/** A pod template. */
export const PodTemplate = z.strictObject({ metadata: TemplateMeta, spec: PodSpec });
export type PodTemplate = z.infer<typeof PodTemplate>;

const IntOrPercent = z.union([z.number().int().min(0), z.string().regex(/^[0-9]+%$/)]);

/** apps/v1 Deployment. */
export const Deployment = z.strictObject({
  apiVersion: z.literal("apps/v1"),
  kind: z.literal("Deployment"),
  metadata: ObjectMeta,
  spec: z.strictObject({
    replicas: z.number().int().min(0),
    selector: LabelSelector,
    strategy: z.union([
      z.strictObject({ type: z.literal("Recreate") }),
      z.strictObject({ type: z.literal("RollingUpdate"), rollingUpdate: z.strictObject({ maxSurge: IntOrPercent, maxUnavailable: IntOrPercent }) }),
    ]),
    minReadySeconds: z.number().int().min(0),
    progressDeadlineSeconds: z.number().int().min(1),
    template: PodTemplate,
  }),
});
export type Deployment = z.infer<typeof Deployment>;

/** batch/v1 Job. */
export const Job = z.strictObject({
  apiVersion: z.literal("batch/v1"),
  kind: z.literal("Job"),
  metadata: ObjectMeta,
  spec: z.strictObject({
    backoffLimit: z.number().int().min(0),
    activeDeadlineSeconds: z.number().int().min(1).optional(),
    ttlSecondsAfterFinished: z.number().int().min(0),
    template: PodTemplate,
  }),
});
export type Job = z.infer<typeof Job>;

/** One port of a Service. */
export const ServicePort = z.strictObject({
  name: DnsLabel.max(15),
  protocol: z.enum(["TCP", "UDP"]),
  port: z.number().int().min(1).max(65535),
  targetPort: z.number().int().min(1).max(65535),
  nodePort: z.number().int().min(30000).max(32767).optional(),
});
export type ServicePort = z.infer<typeof ServicePort>;

/** core/v1 Service. */
export const Service = z.strictObject({
  apiVersion: z.literal("v1"),
  kind: z.literal("Service"),
  metadata: ObjectMeta.extend({ name: Dns1035Label }),
  spec: z.strictObject({ type: z.enum(["ClusterIP", "NodePort", "LoadBalancer"]), selector: KubeLabels, ports: z.array(ServicePort).min(1) }),
});
export type Service = z.infer<typeof Service>;

/** networking.k8s.io/v1 Ingress (one host, every path to one Service port). */
export const Ingress = z.strictObject({
  apiVersion: z.literal("networking.k8s.io/v1"),
  kind: z.literal("Ingress"),
  metadata: ObjectMeta,
  spec: z.strictObject({
    rules: z.array(z.strictObject({
      host: z.string(),
      http: z.strictObject({
        paths: z.array(z.strictObject({ path: z.string(), pathType: z.literal("Prefix"), backend: z.strictObject({ service: z.strictObject({ name: Dns1035Label, port: z.strictObject({ number: z.number().int() }) }) }) })),
      }),
    })),
  }),
});
export type Ingress = z.infer<typeof Ingress>;

/** core/v1 ServiceAccount. */
export const ServiceAccount = z.strictObject({ apiVersion: z.literal("v1"), kind: z.literal("ServiceAccount"), metadata: ObjectMeta, automountServiceAccountToken: z.literal(false) });
export type ServiceAccount = z.infer<typeof ServiceAccount>;

/** policy/v1 PodDisruptionBudget. */
export const PodDisruptionBudget = z.strictObject({
  apiVersion: z.literal("policy/v1"),
  kind: z.literal("PodDisruptionBudget"),
  metadata: ObjectMeta,
  spec: z.strictObject({ maxUnavailable: z.number().int().min(0), selector: LabelSelector }),
});
export type PodDisruptionBudget = z.infer<typeof PodDisruptionBudget>;

/** core/v1 PersistentVolumeClaim. */
export const PersistentVolumeClaim = z.strictObject({
  apiVersion: z.literal("v1"),
  kind: z.literal("PersistentVolumeClaim"),
  metadata: ObjectMeta,
  spec: z.strictObject({ accessModes: z.array(z.enum(["ReadWriteOnce", "ReadWriteMany"])).length(1), resources: z.strictObject({ requests: z.strictObject({ storage: Quantity }) }) }),
});
export type PersistentVolumeClaim = z.infer<typeof PersistentVolumeClaim>;

/** core/v1 Secret, without `data` or `stringData`: values are written only at apply time. */
export const Secret = z.strictObject({ apiVersion: z.literal("v1"), kind: z.literal("Secret"), metadata: ObjectMeta, type: z.literal("Opaque") });
export type Secret = z.infer<typeof Secret>;

/** core/v1 ConfigMap. */
export const ConfigMap = z.strictObject({ apiVersion: z.literal("v1"), kind: z.literal("ConfigMap"), metadata: ObjectMeta, data: z.record(z.string(), z.string()) });
export type ConfigMap = z.infer<typeof ConfigMap>;

/** core/v1 Namespace. */
export const Namespace = z.strictObject({ apiVersion: z.literal("v1"), kind: z.literal("Namespace"), metadata: ObjectMeta.omit({ namespace: true }) });
export type Namespace = z.infer<typeof Namespace>;

const PolicyPeer = z.strictObject({ podSelector: z.strictObject({ matchLabels: KubeLabels }) });
const PolicyPort = z.strictObject({ protocol: z.enum(["TCP", "UDP"]), port: z.number().int() });
const PodSelector = z.strictObject({
  matchLabels: KubeLabels,
  matchExpressions: z.array(z.strictObject({ key: LabelKey, operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]), values: z.array(LabelValue).optional() })).optional(),
});

/** networking.k8s.io/v1 NetworkPolicy. */
export const NetworkPolicy = z.strictObject({
  apiVersion: z.literal("networking.k8s.io/v1"),
  kind: z.literal("NetworkPolicy"),
  metadata: ObjectMeta,
  spec: z.strictObject({
    podSelector: PodSelector,
    policyTypes: z.array(z.enum(["Ingress", "Egress"])).min(1),
    ingress: z.array(z.strictObject({ from: z.array(PolicyPeer).optional(), ports: z.array(PolicyPort).optional() })).optional(),
    egress: z.array(z.strictObject({ to: z.array(PolicyPeer).optional(), ports: z.array(PolicyPort).optional() })).optional(),
  }),
});
export type NetworkPolicy = z.infer<typeof NetworkPolicy>;

/**
 * apps/v1 Deployment of a `KubernetesDeployment`: the user's spec and pod template as the API
 * takes them (the schemas generated from @kubernetes/client-node's models), with Berth's
 * metadata, selector, pod labels and replicas, and every container's image set.
 */
export const ApiDeployment = z.strictObject({
  apiVersion: z.literal("apps/v1"),
  kind: z.literal("Deployment"),
  metadata: ObjectMeta,
  spec: KubeApi.V1DeploymentSpec.extend({
    replicas: z.number().int().min(0),
    selector: LabelSelector,
    template: z.strictObject({
      metadata: TemplateMeta,
      spec: KubeApi.V1PodSpec.extend({
        containers: z.array(KubeApi.V1Container.extend({ image: z.string().min(1) })).min(1),
        initContainers: z.array(KubeApi.V1Container.extend({ image: z.string().min(1) })).optional(),
      }),
    }),
  }),
});
export type ApiDeployment = z.infer<typeof ApiDeployment>;
