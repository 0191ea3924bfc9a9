import type { AssignPublicIp, ContainerDefinition, CreateServiceRequest, DeploymentConfiguration, RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";
import type { Scope } from "../core/construct.ts";
import type { Edge, FargateServiceNode } from "../graph/schema.ts";
import { FargateServiceSettings, FargateTaskFields } from "../graph/fargate-service-schema.ts";
import { Image } from "./image.ts";
import { Network } from "./network.ts";
import { instance, parseProps, z } from "./props.ts";
import { Resource, type SynthContext, type Synthesized } from "./resource.ts";
import { Secret } from "./secret.ts";
import { dependencyEdges, imageRefs, networkRefs, secretRefs } from "./target-refs.ts";
import { HostnameRef, type Dependable, type DependsOnProps } from "./workload-props.ts";

/**
 * One container of a {@link FargateService}: ECS `ContainerDefinition` members as the API names
 * them. `image` is set from the construct's `images`, `logConfiguration` is Berth's (awslogs in
 * the stack's log group), and `secrets[].valueFrom` names one of the construct's `secrets`.
 */
export type FargateContainer = Pick<
  ContainerDefinition,
  | "essential" | "command" | "entryPoint" | "workingDirectory" | "environment" | "secrets" | "cpu" | "memory" | "memoryReservation"
  | "portMappings" | "healthCheck" | "user" | "readonlyRootFilesystem" | "linuxParameters" | "dependsOn" | "startTimeout" | "stopTimeout"
  | "ulimits" | "dockerLabels"
> & { readonly name: string };

/** `RegisterTaskDefinition` members of a {@link FargateService}; Berth sets the family, network mode, compatibilities, execution role and volumes. */
export type FargateTaskDefinition = Pick<RegisterTaskDefinitionRequest, "cpu" | "memory" | "taskRoleArn" | "runtimePlatform" | "ephemeralStorage"> & {
  readonly containerDefinitions: readonly FargateContainer[];
};

/** `CreateService` members of a {@link FargateService}; Berth sets the cluster, names, launch type, subnets, security groups and registries. */
export type FargateServiceOptions = Pick<CreateServiceRequest, "desiredCount" | "healthCheckGracePeriodSeconds" | "platformVersion" | "enableExecuteCommand"> & {
  /** Only the percentages: the circuit breaker is always on, rolling back. */
  readonly deploymentConfiguration?: Pick<DeploymentConfiguration, "minimumHealthyPercent" | "maximumPercent">;
  /** `networkConfiguration.awsvpcConfiguration.assignPublicIp`. @default "DISABLED" */
  readonly assignPublicIp?: AssignPublicIp;
};

/** Props of {@link FargateService}. */
export interface FargateServiceProps {
  /**
   * The image of every container, by container name; pinned by `berth.lock` or built like every other image.
   * Maps to: each container definition's `image`, by digest.
   */
  readonly images: Readonly<Record<string, Image>>;
  /**
   * Secrets of the graph, by the name the containers' `secrets[].valueFrom` use for them.
   * @default {}
   * Maps to: `secrets[].valueFrom` the secret's Secrets Manager or SSM ARN; the execution role may read it.
   */
  readonly secrets?: Readonly<Record<string, Secret>>;
  /**
   * Networks it joins, like portable workloads (ECS tasks of the stack share its security groups).
   * @default []
   */
  readonly networks?: readonly Network[];
  /**
   * Start order: portable workloads or other target-level constructs this one waits for.
   * @default []
   */
  readonly dependsOn?: readonly DependsOnProps[];
  /** The task definition. Maps to: `RegisterTaskDefinition`, family `<stack>-<name>`. */
  readonly task: FargateTaskDefinition;
  /**
   * The ECS service. A container with ports is registered in Cloud Map as `<name>.<stack>.internal`.
   * @default {} (one task)
   * Maps to: `CreateService`, service name `<name>`.
   */
  readonly service?: FargateServiceOptions;
}

const dependable = z.custom<Dependable>((v) => typeof v === "object" && v !== null && "hostname" in v && "node" in v, "must be a Service, Container, Job or a target-level construct");

const FargateServicePropsSchema = z.object({
  images: z.record(z.string().min(1), instance(Image, "must be an Image (Image.fromRegistry or Image.fromBuild)")),
  secrets: z.record(z.string().min(1), instance(Secret)).optional(),
  networks: z.array(z.instanceof(Network)).optional(),
  dependsOn: z.array(z.union([dependable, z.object({ on: dependable, condition: z.enum(["started", "healthy", "completed"]).optional() }).strict()])).optional(),
  task: FargateTaskFields,
  service: FargateServiceSettings.optional(),
}).strict().superRefine((p, ctx) => {
  const names = p.task.containerDefinitions.map((c) => c.name);
  for (const name of names) if (!(name in p.images)) ctx.addIssue({ code: "custom", path: ["images", name], message: `container '${name}' has no image: add it to images` });
  for (const name of Object.keys(p.images)) if (!names.includes(name)) ctx.addIssue({ code: "custom", path: ["images", name], message: `no container definition is named '${name}'` });
  p.task.containerDefinitions.forEach((c, i) =>
    (c.secrets ?? []).forEach((s, j) => {
      if (!(s.valueFrom in (p.secrets ?? {}))) {
        ctx.addIssue({ code: "custom", path: ["task", "containerDefinitions", i, "secrets", j, "valueFrom"], message: `names no secret of this construct: add '${s.valueFrom}' to secrets (Berth writes its ARN)` });
      }
    }),
  );
});

/**
 * An ECS service on Fargate with full control of its task definition and service fields
 * (sidecars, container dependencies, ulimits, ephemeral storage, a task role, exec), in the same
 * graph as portable workloads: it uses the graph's images, secrets and networks, depends on
 * workloads and they on it. Fargate only: on any other target `berth check` fails naming it
 * (portability `target.fargate-service`).
 *
 * @example
 * new FargateService(stack, "worker", {
 *   images: { worker: Image.fromRegistry("busybox:1.36") },
 *   secrets: { "db-password": dbPassword },
 *   task: { cpu: "512", memory: "1024", containerDefinitions: [{ name: "worker", secrets: [{ name: "DB_PASSWORD", valueFrom: "db-password" }] }] },
 *   service: { desiredCount: 2 },
 * });
 */
export class FargateService extends Resource {
  private readonly props: FargateServiceProps;
  private readonly extraDeps: { on: Dependable; condition: "started" | "healthy" | "completed" }[] = [];

  constructor(scope: Scope, id: string, props: FargateServiceProps) {
    super(scope, id);
    this.props = parseProps(this, FargateServicePropsSchema as unknown as z.ZodType<FargateServiceProps>, props);
  }

  /** This service's DNS name (Cloud Map). Use in a portable workload's `env`. */
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
    const networks = networkRefs(p.networks, edges);
    dependencyEdges(p.dependsOn, this.extraDeps, edges);
    const spec: FargateServiceNode = {
      kind: "fargate-service",
      target: "fargate",
      images,
      secrets,
      networks,
      task: structuredClone(p.task) as FargateServiceNode["task"],
      service: structuredClone(p.service ?? {}) as FargateServiceNode["service"],
    };
    return { spec, edges };
  }
}
