import type { Scope } from "../core/construct.ts";
import { Size } from "../values/size.ts";
import { Resource, type SynthContext, type Synthesized } from "./resource.ts";
import { instance, parseProps, positive, z } from "./props.ts";

/** Props of {@link Volume}. */
export interface VolumeProps {
  /**
   * Requested capacity.
   * @default - platform default (no size on Docker)
   * Maps to: K8s PVC `resources.requests.storage`; ignored on Docker host and swarm.
   */
  readonly size?: Size;
  /**
   * Several replicas may write to it at once (ReadWriteMany); otherwise it is single-writer.
   * @default false
   * Maps to: K8s `accessModes`, EFS access point; policy avail.stateful-single-writer.
   */
  readonly shared?: boolean;
  /** Extra labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const VolumePropsSchema = z.object({
  size: positive(instance(Size)).optional(),
  shared: z.boolean().optional(),
  labels: z.record(z.string(), z.string()).optional(),
}).strict();

/** Persistent data. Named volume on Docker (kept on `down`), PVC on Kubernetes, EFS on ECS. */
export class Volume extends Resource {
  private readonly props: VolumeProps;
  constructor(scope: Scope, id: string, props: VolumeProps = {}) {
    super(scope, id);
    this.props = parseProps(this, VolumePropsSchema, props);
  }
  /** @internal */
  synthesize(_ctx: SynthContext): Synthesized {
    const size = this.props.size?.toBytes();
    return {
      spec: {
        kind: "volume",
        ...(size ? { sizeBytes: size } : {}),
        shared: this.props.shared ?? false,
        labels: { ...(this.props.labels ?? {}) },
      },
    };
  }
}
