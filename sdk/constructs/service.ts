import type { Scope } from "../core/construct.ts";
import { z } from "./props.ts";
import { Workload, type WorkloadExtras } from "./workload.ts";
import { WorkloadPropsSchema, type WorkloadProps } from "./workload-props.ts";

/** Props of {@link Service}. */
export interface ServiceProps extends WorkloadProps {
  /**
   * Number of identical replicas.
   * @default 1
   * Maps to: Docker host N containers `<stack>-<svc>-<i>`, Compose `deploy.replicas`,
   * swarm `Mode.Replicated.Replicas`, ECS `desiredCount`, K8s `spec.replicas`.
   */
  readonly replicas?: number;
}

const ServicePropsSchema = WorkloadPropsSchema.extend({ replicas: z.number().int().min(0).max(1000).optional() });

/** A long-running, replicated workload. */
export class Service extends Workload {
  protected readonly workloadKind = "service" as const;
  private readonly replicas: number;
  constructor(scope: Scope, id: string, props: ServiceProps) {
    super(scope, id, props, ServicePropsSchema as z.ZodType<WorkloadProps>);
    this.replicas = (props as ServiceProps).replicas ?? 1;
  }
  protected extras(): WorkloadExtras {
    return { replicas: this.replicas };
  }
}
