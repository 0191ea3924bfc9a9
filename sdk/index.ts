/**
 * Berth's public API for stack programs and reusable components.
 * @packageDocumentation
 */
export { Construct, type Scope } from "./core/construct.ts";
export { BerthError, formatIssue, type BerthIssue } from "./core/errors.ts";
export { RULE_IDS, type RuleId } from "./core/rule-ids.ts";
export { FEATURES, SUPPORTS, type Feature, type Support } from "./core/features.ts";
export { Size, Duration } from "./values/index.ts";
export { Stack, type StackProps, type WaiverOptions } from "./constructs/stack.ts";
export { Component } from "./constructs/component.ts";
export { Image, parseImageRef, formatImageRef, type BuildOptions } from "./constructs/image.ts";
export { Secret } from "./constructs/secret.ts";
export { Config, ConfigValue } from "./constructs/config.ts";
export { Network, type NetworkProps } from "./constructs/network.ts";
export { Volume, type VolumeProps } from "./constructs/volume.ts";
export { Workload } from "./constructs/workload.ts";
export { Service, type ServiceProps } from "./constructs/service.ts";
export { Container, type ContainerProps } from "./constructs/container.ts";
export { Job, type JobProps } from "./constructs/job.ts";
export { SwarmService, type SwarmServiceProps, type SwarmServiceSpec, type SwarmFileProps } from "./constructs/swarm-service.ts";
export { KubernetesDeployment, type KubernetesDeploymentProps, type KubernetesDeploymentSpec, type KubernetesPodSpec, type KubernetesContainer } from "./constructs/kubernetes-deployment.ts";
export { FargateService, type FargateServiceProps, type FargateTaskDefinition, type FargateContainer, type FargateServiceOptions } from "./constructs/fargate-service.ts";
export { HostnameRef, type Dependable, type WorkloadProps, type PortProps, type HealthcheckProps, type ResourcesProps } from "./constructs/workload-props.ts";
export { DockerHost, Swarm, Fargate, Kubernetes, type Target } from "./constructs/targets.ts";
export { synth, type SynthOptions } from "./constructs/synth.ts";
export { StackConfig } from "./config/stack-config.ts";
export { readLock, writeLock, emptyLock, type LockFile } from "./config/lock-file.ts";
export * as graph from "./graph/index.ts";
export * as portability from "./portability/index.ts";
export * as policy from "./policy/index.ts";
