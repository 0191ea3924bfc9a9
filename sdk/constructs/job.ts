import type { Scope } from "../core/construct.ts";
import { Duration } from "../values/duration.ts";
import { instance, positive, z } from "./props.ts";
import { Workload, type WorkloadExtras } from "./workload.ts";
import { WorkloadPropsSchema, type WorkloadProps } from "./workload-props.ts";

/** Props of {@link Job}. */
export interface JobProps extends WorkloadProps {
  /**
   * Wall-clock limit for one run.
   * @default - none (policy lifecycle.job-bounds asks for one)
   * Maps to: Docker engine timeout, swarm job monitor, ECS stopTimeout, K8s `activeDeadlineSeconds`.
   */
  readonly deadline?: Duration;
  /**
   * Retries after a failed run.
   * @default 3 (via restart `{ onFailure: 3 }`)
   * Maps to: Docker restart max attempts, swarm `MaxAttempts`, K8s `backoffLimit`.
   */
  readonly retries?: number;
}

const JobPropsSchema = WorkloadPropsSchema.extend({
  deadline: positive(instance(Duration)).optional(),
  retries: z.number().int().min(0).max(100).optional(),
});

/**
 * A run-to-completion workload: migrations and admin tasks (12-factor #12), with the same
 * image and config as the app. Others may depend on it with `condition: "completed"`.
 */
export class Job extends Workload {
  protected readonly workloadKind = "job" as const;
  private readonly deadline: Duration | undefined;
  private readonly retries: number | undefined;
  constructor(scope: Scope, id: string, props: JobProps) {
    super(scope, id, props, JobPropsSchema as z.ZodType<WorkloadProps>);
    this.deadline = (props as JobProps).deadline;
    this.retries = (props as JobProps).retries;
  }
  protected extras(): WorkloadExtras {
    const retries = this.retries ?? (typeof this.props.restart === "object" ? this.props.restart.onFailure : undefined);
    return {
      replicas: 1,
      job: {
        ...(this.deadline ? { deadlineMs: this.deadline.toMillis() } : {}),
        ...(retries !== undefined ? { retries } : {}),
      },
    };
  }
}
