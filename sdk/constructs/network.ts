import type { Scope } from "../core/construct.ts";
import { Resource, type SynthContext, type Synthesized } from "./resource.ts";
import { parseProps, z } from "./props.ts";

/** Props of {@link Network}. */
export interface NetworkProps {
  /**
   * No route to the outside world.
   * @default false
   * Maps to: Docker `Internal`, Compose `internal`, swarm overlay `internal`, K8s NetworkPolicy egress deny.
   */
  readonly internal?: boolean;
  /** Extra labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const NetworkPropsSchema = z.object({
  internal: z.boolean().optional(),
  labels: z.record(z.string(), z.string()).optional(),
}).strict();

/**
 * A private network for workloads. Docker host: user-defined bridge; swarm: attachable overlay;
 * ECS: Cloud Map namespace + security group; Kubernetes: NetworkPolicy.
 */
export class Network extends Resource {
  private readonly props: NetworkProps;
  constructor(scope: Scope, id: string, props: NetworkProps = {}) {
    super(scope, id);
    this.props = parseProps(this, NetworkPropsSchema, props);
  }
  /** @internal */
  synthesize(_ctx: SynthContext): Synthesized {
    return { spec: { kind: "network", internal: this.props.internal ?? false, labels: { ...(this.props.labels ?? {}) } } };
  }
}
