import type { Scope } from "../core/construct.ts";
import { Workload, type WorkloadExtras } from "./workload.ts";
import type { WorkloadProps } from "./workload-props.ts";

/** Props of {@link Container}. */
export type ContainerProps = WorkloadProps;

/**
 * One un-replicated, long-running container: the `docker run -d` unit. Docker host: one
 * container; swarm: a 1-replica service; ECS: a 1-task service; K8s: a 1-replica Deployment.
 */
export class Container extends Workload {
  protected readonly workloadKind = "container" as const;
  constructor(scope: Scope, id: string, props: ContainerProps) {
    super(scope, id, props);
  }
  protected extras(): WorkloadExtras {
    return { replicas: 1 };
  }
}
