import type { TargetSpec } from "../graph/schema.ts";

/** A deployment target, chosen per stack (environment). */
export interface Target {
  /** The target's graph form. */
  toSpec(): TargetSpec;
}

/** Options of {@link DockerHost}. */
export interface DockerHostOptions {
  /** Docker endpoint. @default - DOCKER_HOST or the local socket */
  readonly host?: string;
  /** Address published ports bind to. @default "127.0.0.1" in dev profiles, else all addresses */
  readonly bindAddress?: string;
  /** Registry that built images are pushed to. @default - built images stay local */
  readonly registry?: string;
}

/** One Docker engine, driven by Berth's engine or @pulumi/docker. */
export class DockerHost implements Target {
  constructor(private readonly options: DockerHostOptions = {}) {}
  toSpec(): TargetSpec {
    return { kind: "docker-host", ...this.options };
  }
}

/** Options of {@link Swarm}. */
export interface SwarmOptions {
  /** Docker endpoint of a manager. @default - DOCKER_HOST or the local socket */
  readonly host?: string;
  /** Registry built images are pushed to (every node must pull them). @default - none */
  readonly registry?: string;
}

/** Docker swarm mode. */
export class Swarm implements Target {
  constructor(private readonly options: SwarmOptions = {}) {}
  toSpec(): TargetSpec {
    return { kind: "swarm", ...this.options };
  }
}

/** Options of {@link Fargate}. */
export interface FargateOptions {
  /** ECS cluster name. */
  readonly cluster: string;
  /** AWS region. */
  readonly region: string;
  /** Subnets for awsvpc networking. @default [] */
  readonly subnets?: readonly string[];
  /** Security groups. @default [] */
  readonly securityGroups?: readonly string[];
  /** ECR registry for built images. @default - none */
  readonly registry?: string;
}

/** An ECS cluster with the FARGATE launch type. */
export class Fargate implements Target {
  constructor(private readonly options: FargateOptions) {}
  toSpec(): TargetSpec {
    const o = this.options;
    return {
      kind: "fargate",
      cluster: o.cluster,
      region: o.region,
      subnets: [...(o.subnets ?? [])],
      securityGroups: [...(o.securityGroups ?? [])],
      ...(o.registry ? { registry: o.registry } : {}),
    };
  }
}

/** Options of {@link Kubernetes}. */
export interface KubernetesOptions {
  /** kubeconfig context. @default - the current context */
  readonly context?: string;
  /** Namespace everything lands in. */
  readonly namespace: string;
  /** Registry for built images. @default - none */
  readonly registry?: string;
}

/** A Kubernetes cluster context and namespace. */
export class Kubernetes implements Target {
  constructor(private readonly options: KubernetesOptions) {}
  toSpec(): TargetSpec {
    return { kind: "kubernetes", ...this.options };
  }
}
