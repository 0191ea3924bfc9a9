/**
 * The AWS API input shapes Fargate lowering writes, as zod schemas with the APIs' own member
 * names (ECS camelCase; IAM, Secrets Manager and Cloud Map PascalCase), so a node's input is
 * sent as is. Only the members Berth sets are modelled; test/providers/fargate/api-model.test.ts
 * holds them to the official ECS API model.
 */
import { z } from "zod";

/** An ECS tag. */
export const EcsTag = z.object({ key: z.string(), value: z.string() });
/** An IAM / Secrets Manager / Cloud Map tag. */
export const AwsTag = z.object({ Key: z.string(), Value: z.string() });

/** ECS `KeyValuePair` (environment). */
export const KeyValuePair = z.object({ name: z.string(), value: z.string() });

/** ECS container `secrets` entry: an environment variable filled from a Secrets Manager or SSM ARN. */
export const EcsSecret = z.object({ name: z.string(), valueFrom: z.string() });

/** ECS container health check (seconds). */
export const HealthCheck = z.object({
  command: z.array(z.string()).min(2),
  interval: z.number().int().min(5).max(300),
  timeout: z.number().int().min(2).max(60),
  retries: z.number().int().min(1).max(10),
  startPeriod: z.number().int().min(0).max(300),
});

/** ECS `MountPoint`. */
export const MountPoint = z.object({ sourceVolume: z.string(), containerPath: z.string(), readOnly: z.boolean() });

/** ECS `ContainerDefinition`, the members Berth sets. */
export const ContainerDefinition = z.object({
  name: z.string(),
  image: z.string(),
  essential: z.boolean(),
  command: z.array(z.string()).optional(),
  entryPoint: z.array(z.string()).optional(),
  workingDirectory: z.string().optional(),
  cpu: z.number().int().optional(),
  memory: z.number().int().optional(),
  memoryReservation: z.number().int().optional(),
  portMappings: z.array(z.object({
    containerPort: z.number().int(),
    hostPort: z.number().int(),
    protocol: z.enum(["tcp", "udp"]),
    /** FargateService only: the port's name and application protocol (Service Connect). */
    name: z.string().optional(),
    appProtocol: z.enum(["http", "http2", "grpc"]).optional(),
  })).optional(),
  environment: z.array(KeyValuePair),
  secrets: z.array(EcsSecret).optional(),
  mountPoints: z.array(MountPoint),
  dependsOn: z.array(z.object({ containerName: z.string(), condition: z.enum(["START", "COMPLETE", "SUCCESS", "HEALTHY"]) })).optional(),
  healthCheck: HealthCheck.optional(),
  user: z.string().optional(),
  readonlyRootFilesystem: z.boolean(),
  linuxParameters: z.object({
    initProcessEnabled: z.boolean(),
    capabilities: z.object({ add: z.array(z.string()), drop: z.array(z.string()) }),
  }),
  stopTimeout: z.number().int().min(0).max(120).optional(),
  /** FargateService only: how long dependencies may take to start, ulimits and Docker labels, as written. */
  startTimeout: z.number().int().min(2).max(120).optional(),
  ulimits: z.array(z.object({ name: z.string(), softLimit: z.number().int(), hardLimit: z.number().int() })).optional(),
  dockerLabels: z.record(z.string(), z.string()).optional(),
  logConfiguration: z.object({ logDriver: z.literal("awslogs"), options: z.record(z.string(), z.string()) }),
});
export type ContainerDefinition = z.infer<typeof ContainerDefinition>;

/** ECS task `Volume`: ephemeral task storage, or an EFS file system. */
export const TaskVolume = z.object({
  name: z.string(),
  efsVolumeConfiguration: z.object({ fileSystemId: z.string(), rootDirectory: z.string(), transitEncryption: z.literal("ENABLED") }).optional(),
});
export type TaskVolume = z.infer<typeof TaskVolume>;

/** ECS `RegisterTaskDefinition` input. */
export const RegisterTaskDefinitionInput = z.object({
  family: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/),
  networkMode: z.literal("awsvpc"),
  requiresCompatibilities: z.tuple([z.literal("FARGATE")]),
  /** Task cpu units and memory MiB, as strings (the API's type). */
  cpu: z.string(),
  memory: z.string(),
  executionRoleArn: z.string(),
  /** FargateService only: the role the task's containers assume, and more ephemeral storage. */
  taskRoleArn: z.string().optional(),
  ephemeralStorage: z.object({ sizeInGiB: z.number().int().min(21).max(200) }).optional(),
  containerDefinitions: z.array(ContainerDefinition).min(1),
  volumes: z.array(TaskVolume),
  runtimePlatform: z.object({ operatingSystemFamily: z.literal("LINUX"), cpuArchitecture: z.enum(["X86_64", "ARM64"]) }),
  tags: z.array(EcsTag),
});
export type RegisterTaskDefinitionInput = z.infer<typeof RegisterTaskDefinitionInput>;

/** ECS `NetworkConfiguration` (awsvpc). */
export const NetworkConfiguration = z.object({
  awsvpcConfiguration: z.object({ subnets: z.array(z.string()), securityGroups: z.array(z.string()), assignPublicIp: z.enum(["ENABLED", "DISABLED"]) }),
});

/** ECS `CreateService` input. */
export const CreateServiceInput = z.object({
  cluster: z.string(),
  serviceName: z.string(),
  taskDefinition: z.string(),
  desiredCount: z.number().int().min(0),
  launchType: z.literal("FARGATE"),
  networkConfiguration: NetworkConfiguration,
  deploymentConfiguration: z.object({
    minimumHealthyPercent: z.number().int().min(0),
    maximumPercent: z.number().int().min(100),
    deploymentCircuitBreaker: z.object({ enable: z.literal(true), rollback: z.literal(true) }),
  }),
  serviceRegistries: z.array(z.object({ registryArn: z.string() })).optional(),
  /** The target groups of its published ports (the load balancer forwards to the tasks' addresses). */
  loadBalancers: z.array(z.object({ targetGroupArn: z.string(), containerName: z.string(), containerPort: z.number().int() })).optional(),
  healthCheckGracePeriodSeconds: z.number().int().optional(),
  /** FargateService only: the Fargate platform version and ECS Exec. */
  platformVersion: z.string().optional(),
  enableExecuteCommand: z.boolean().optional(),
  propagateTags: z.literal("SERVICE"),
  enableECSManagedTags: z.literal(true),
  tags: z.array(EcsTag),
});
export type CreateServiceInput = z.infer<typeof CreateServiceInput>;

/** ECS `RunTask` input (a Job's one-off task). */
export const RunTaskInput = z.object({
  cluster: z.string(),
  taskDefinition: z.string(),
  count: z.literal(1),
  launchType: z.literal("FARGATE"),
  networkConfiguration: NetworkConfiguration,
  startedBy: z.string(),
  propagateTags: z.literal("TASK_DEFINITION"),
  enableECSManagedTags: z.literal(true),
  tags: z.array(EcsTag),
});
export type RunTaskInput = z.infer<typeof RunTaskInput>;

/** CloudWatch Logs `CreateLogGroup` input plus the retention `PutRetentionPolicy` sets. */
export const LogGroupInput = z.object({ logGroupName: z.string(), retentionInDays: z.number().int().positive(), tags: z.record(z.string(), z.string()) });

/** Secrets Manager `CreateSecret` input without a value (the value is written at apply time). */
export const CreateSecretInput = z.object({ Name: z.string(), Description: z.string(), Tags: z.array(AwsTag) });

/** IAM `CreateRole` + `PutRolePolicy` inputs (documents as the JSON strings the API takes). */
export const RoleInput = z.object({
  RoleName: z.string().max(64),
  AssumeRolePolicyDocument: z.string(),
  PolicyName: z.string(),
  PolicyDocument: z.string(),
  Tags: z.array(AwsTag),
});

/** Cloud Map `CreatePrivateDnsNamespace` input; the VPC is the target subnets' VPC, resolved at apply. */
export const NamespaceInput = z.object({ Name: z.string(), Description: z.string(), Tags: z.array(AwsTag) });

/** Cloud Map `CreateService` input: the DNS name of a workload (A records of its tasks). */
export const DiscoveryServiceInput = z.object({
  Name: z.string(),
  DnsConfig: z.object({ RoutingPolicy: z.literal("MULTIVALUE"), DnsRecords: z.array(z.object({ Type: z.literal("A"), TTL: z.number().int() })) }),
  HealthCheckCustomConfig: z.object({ FailureThreshold: z.literal(1) }),
  Tags: z.array(AwsTag),
});

/** EFS `CreateFileSystem` input of a Volume. */
export const FileSystemInput = z.object({
  CreationToken: z.string(),
  Encrypted: z.literal(true),
  PerformanceMode: z.literal("generalPurpose"),
  Tags: z.array(AwsTag),
});

/** Elastic Load Balancing v2 `CreateLoadBalancer` input: the stack's Application Load Balancer. */
export const LoadBalancerInput = z.object({
  Name: z.string().min(1).max(32),
  Type: z.literal("application"),
  Scheme: z.enum(["internet-facing", "internal"]),
  Subnets: z.array(z.string()).min(1),
  SecurityGroups: z.array(z.string()),
  Tags: z.array(AwsTag),
});
export type LoadBalancerInput = z.infer<typeof LoadBalancerInput>;

/** ELBv2 `CreateTargetGroup` input: one published port of a workload, targets by task IP (awsvpc). */
export const TargetGroupInput = z.object({
  Name: z.string().min(1).max(32),
  Protocol: z.literal("HTTP"),
  Port: z.number().int(),
  TargetType: z.literal("ip"),
  /** The VPC of the target's subnets (`<vpc>`: resolved by the engine from them). */
  VpcId: z.string(),
  HealthCheckPath: z.string(),
  Tags: z.array(AwsTag),
});
export type TargetGroupInput = z.infer<typeof TargetGroupInput>;

/** ELBv2 `CreateListener` input: the published port, forwarding to the workload's target group. */
export const ListenerInput = z.object({
  LoadBalancerArn: z.string(),
  Protocol: z.literal("HTTP"),
  Port: z.number().int(),
  DefaultActions: z.array(z.object({ Type: z.literal("forward"), TargetGroupArn: z.string() })).length(1),
  Tags: z.array(AwsTag),
});
export type ListenerInput = z.infer<typeof ListenerInput>;
