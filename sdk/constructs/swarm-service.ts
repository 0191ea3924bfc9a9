import type { Scope } from "../core/construct.ts";
import type { SwarmServiceNode } from "../graph/schema.ts";
import { SwarmServiceSpecFields } from "../graph/swarm-service-schema.ts";
import { Config } from "./config.ts";
import { Image } from "./image.ts";
import { Network } from "./network.ts";
import { instance, parseProps, z } from "./props.ts";
import { Resource, type SynthContext, type Synthesized } from "./resource.ts";
import { Secret } from "./secret.ts";
import { dependencyEdges, networkRefs, type RefEdges } from "./target-refs.ts";
import { HostnameRef, type DependsOnProps } from "./workload-props.ts";
import type { Workload } from "./workload.ts";

/**
 * The Engine API 1.41 `ServiceSpec` fields a {@link SwarmService} passes through as written
 * (durations in nanoseconds, CPUs in nano-CPUs). `Name`, the image, secrets, configs and
 * networks are not among them: Berth decides those from the construct's other props.
 */
export type SwarmServiceSpec = z.input<typeof SwarmServiceSpecFields>;

/** A secret or config file with explicit ownership and mode. */
export interface SwarmFileProps<T> {
  /** The secret or config. Maps to: `SecretName` / `ConfigName`, its versioned docker object. */
  readonly from: T;
  /** @default - the numeric uid of `ContainerSpec.User`, else "0". Maps to: `File.UID`. */
  readonly uid?: string;
  /** @default - the numeric gid of `ContainerSpec.User`, else the uid. Maps to: `File.GID`. */
  readonly gid?: string;
  /** @default 0o400 (secrets), 0o444 (configs). Maps to: `File.Mode`. */
  readonly mode?: number;
}

/** Props of {@link SwarmService}. */
export interface SwarmServiceProps {
  /**
   * Image to run; pinned by `berth.lock` or built like every other image.
   * Maps to: `TaskTemplate.ContainerSpec.Image`, by digest.
   */
  readonly image: Image;
  /**
   * Secrets by file name under /run/secrets (or absolute path).
   * @default {}
   * Maps to: `TaskTemplate.ContainerSpec.Secrets` naming the secret's versioned docker secret (`<stack>-<name>-<hash8>`).
   */
  readonly secrets?: Readonly<Record<string, Secret | SwarmFileProps<Secret>>>;
  /**
   * Config files by absolute path in the container.
   * @default {}
   * Maps to: `TaskTemplate.ContainerSpec.Configs` naming the config's versioned docker config.
   */
  readonly configs?: Readonly<Record<string, Config | SwarmFileProps<Config>>>;
  /**
   * Networks to join; the service answers on them to its platform name.
   * @default [] (the stack's default overlay network, like portable workloads)
   * Maps to: `TaskTemplate.Networks` (`Target` the overlay network `<stack>-<name>`, `Aliases` [name]).
   */
  readonly networks?: readonly Network[];
  /**
   * Start order: portable workloads or other SwarmServices this one waits for.
   * @default []
   * Maps to: Berth's engine waits for the dependency to converge; Pulumi `dependsOn`.
   */
  readonly dependsOn?: readonly DependsOnProps[];
  /**
   * The rest of the ServiceSpec, typed, as the Engine API names it. Fields left out take
   * Docker's defaults, written out by Berth: `Mode` 1 replica, `ReadOnly`/`Init` false, no
   * capability changes, `RestartPolicy` any with a 5 s delay, `LogDriver` json-file without
   * options, `EndpointSpec.Mode` vip when a port is published in ingress mode, else dnsrr.
   * `Labels` are kept beside Berth's ownership labels (`berth.*` keys are refused).
   * @default {}
   * Maps to: the `ServiceSpec` of `POST /services/create`, the @pulumi/docker Service args, the stack file's service.
   */
  readonly spec?: SwarmServiceSpec;
}

const fileProps = <T>(cls: { readonly prototype: T; readonly name: string }) =>
  z.union([instance(cls), z.object({ from: instance(cls), uid: z.string().regex(/^\d+$/).optional(), gid: z.string().regex(/^\d+$/).optional(), mode: z.number().int().min(0).max(0o777).optional() }).strict()]);
const dependable = z.custom<Workload | SwarmService>((v) => typeof v === "object" && v !== null && "hostname" in v && "node" in v, "must be a Service, Container, Job or SwarmService");

const SwarmServicePropsSchema = z.object({
  image: instance(Image, "must be an Image (Image.fromRegistry or Image.fromBuild)"),
  secrets: z.record(z.string().regex(/^(\/|[A-Za-z0-9_.-]+$)/, "must be a file name or an absolute path"), fileProps(Secret)).optional(),
  configs: z.record(z.string().regex(/^\//, "must be an absolute path"), fileProps(Config)).optional(),
  networks: z.array(z.instanceof(Network)).optional(),
  dependsOn: z.array(z.union([dependable, z.object({ on: dependable, condition: z.enum(["started", "healthy", "completed"]).optional() }).strict()])).optional(),
  spec: SwarmServiceSpecFields.optional(),
}).strict();

/**
 * A swarm service with full control of its Engine API `ServiceSpec` (global mode, placement,
 * sysctls...), in the same graph as portable workloads: it uses the graph's images, secrets,
 * configs and networks, depends on workloads and they on it. Swarm only: on any other target
 * `berth check` fails naming it (portability `target.swarm-service`).
 *
 * @example
 * new SwarmService(stack, "agent", {
 *   image: Image.fromRegistry("busybox:1.36"),
 *   networks: [backend],
 *   dependsOn: [web],
 *   spec: { Mode: { Global: {} }, TaskTemplate: { Placement: { Constraints: ["node.role==manager"] } } },
 * });
 */
export class SwarmService extends Resource {
  private readonly props: SwarmServiceProps;
  private readonly extraDeps: { on: Workload | SwarmService; condition: "started" | "healthy" | "completed" }[] = [];

  constructor(scope: Scope, id: string, props: SwarmServiceProps) {
    super(scope, id);
    this.props = parseProps(this, SwarmServicePropsSchema as z.ZodType<SwarmServiceProps>, props);
  }

  /** This service's DNS name on its networks. Use in a portable workload's `env`. */
  get hostname(): HostnameRef {
    return new HostnameRef(this);
  }

  /** Adds a start-order dependency after construction. */
  addDependency(on: Workload | SwarmService, condition: "started" | "healthy" | "completed" = "started"): void {
    this.extraDeps.push({ on, condition });
  }

  /** @internal */
  synthesize(ctx: SynthContext): Synthesized {
    const p = this.props;
    const edges: RefEdges = [];
    const image = ctx.image(p.image);
    edges.push({ to: image, kind: "uses" });
    const secrets: SwarmServiceNode["secrets"] = [];
    for (const [target, v] of Object.entries(p.secrets ?? {})) {
      const f = v instanceof Secret ? { from: v } : v;
      const id = ctx.secret(f.from, this, `secrets.${target}`);
      edges.push({ to: id, kind: "uses" });
      secrets.push({ secret: id, target, ...ids(f), mode: f.mode ?? 0o400 });
    }
    const configs: SwarmServiceNode["configs"] = [];
    for (const [target, v] of Object.entries(p.configs ?? {})) {
      const f = v instanceof Config ? { from: v } : v;
      const id = ctx.config(f.from, this, `configs.${target}`);
      edges.push({ to: id, kind: "uses" });
      configs.push({ config: id, target, ...ids(f), mode: f.mode ?? 0o444 });
    }
    const networks = networkRefs(p.networks, edges);
    dependencyEdges(p.dependsOn, this.extraDeps, edges);
    const spec: SwarmServiceNode = { kind: "swarm-service", target: "swarm", image, secrets, configs, networks, spec: structuredClone(p.spec ?? {}) as SwarmServiceNode["spec"] };
    return { spec, edges };
  }
}

function ids(f: { uid?: string; gid?: string }): { uid?: string; gid?: string } {
  return { ...(f.uid !== undefined ? { uid: f.uid } : {}), ...(f.gid !== undefined ? { gid: f.gid } : {}) };
}
