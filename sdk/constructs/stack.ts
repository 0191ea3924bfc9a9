import { Construct } from "../core/construct.ts";
import { BerthError, show } from "../core/errors.ts";
import type { Feature } from "../core/features.ts";
import type { RuleId } from "../core/rule-ids.ts";
import { StackConfig } from "../config/stack-config.ts";
import type { Acknowledgement } from "../graph/schema.ts";
import type { Target } from "./targets.ts";

/** Props of {@link Stack}. */
export interface StackProps {
  /** The environment this stack is (`dev`, `prod`); also the `Pulumi.<env>.yaml` it reads. */
  readonly environment: string;
  /** Where it deploys. */
  readonly target: Target;
  /** Policy profile. @default "dev" for environments named dev/local/test, else "prod" */
  readonly profile?: "dev" | "prod";
  /** Labels on every object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Registries images may come from. @default - any (prod: policy asks for a list) */
  readonly registryAllowlist?: readonly string[];
  /** Labels every workload must carry (policy graph.labels). @default [] */
  readonly requiredLabels?: readonly string[];
  /** Config source. @default - `Pulumi.<environment>.yaml` in BERTH_STACK_DIR or the working directory */
  readonly config?: StackConfig;
}

/** Options of a waiver. */
export interface WaiverOptions {
  /** The construct it applies to. @default - the whole stack */
  readonly on?: Construct;
  /** Why (at least 10 characters). */
  readonly reason: string;
  /** Who owns the waiver. @default - none */
  readonly owner?: string;
  /** ISO date `YYYY-MM-DD` after which the waiver stops applying. @default - never */
  readonly expires?: string;
}

/** A portability acknowledgement id: `portability.<feature>`. */
export type PortabilityRule = `portability.${Feature}`;

/**
 * An environment of an application: the root of the construct tree, with its target, policy
 * profile, config and waivers.
 */
export class Stack extends Construct {
  readonly environment: string;
  readonly target: Target;
  readonly profile: "dev" | "prod";
  readonly labels: Readonly<Record<string, string>>;
  readonly registryAllowlist: readonly string[];
  readonly requiredLabels: readonly string[];
  /** Waivers and the switch that turns them all off. */
  readonly policy = new StackPolicy(this);
  /** Acknowledgements of degraded or unsupported features on this stack's target. */
  readonly portability = new StackPortability(this);
  private configSource: StackConfig | undefined;

  constructor(name: string, props: StackProps) {
    if (typeof name !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      throw new BerthError({
        code: "stack.name",
        path: String(name),
        field: "name",
        found: show(name),
        message: `Stack name ${show(name)} must be lower-case letters, digits and '-'.`,
        fix: 'new Stack("shop", { ... })',
      });
    }
    super(undefined, name);
    if (!props || typeof props.environment !== "string" || !props.target || typeof props.target.toSpec !== "function") {
      throw new BerthError({
        code: "props.invalid",
        path: name,
        field: props && typeof props.environment === "string" ? "target" : "environment",
        found: show(props && typeof props.environment === "string" ? props.target : props?.environment),
        message: "A stack needs an environment name and a target.",
        fix: 'new Stack("shop", { environment: "dev", target: new DockerHost() })',
      });
    }
    this.environment = props.environment;
    this.target = props.target;
    this.profile = props.profile ?? (/^(dev|local|test)$/.test(props.environment) ? "dev" : "prod");
    this.labels = { ...(props.labels ?? {}) };
    this.registryAllowlist = [...(props.registryAllowlist ?? [])];
    this.requiredLabels = [...(props.requiredLabels ?? [])];
    this.configSource = props.config;
  }

  /** The stack's config, loaded on first use. */
  get config(): StackConfig {
    this.configSource ??= StackConfig.load(process.env.BERTH_STACK_DIR ?? process.cwd(), this.environment);
    return this.configSource;
  }

  /** The stack's name. */
  get name(): string {
    return this.node.id;
  }
}

function acknowledgement(stack: Stack, rule: string, o: WaiverOptions): Acknowledgement {
  const path = o?.on ? o.on.node.path : stack.node.path;
  if (!o || typeof o.reason !== "string" || o.reason.trim().length < 10) {
    throw new BerthError({
      code: "waiver.reason",
      path,
      field: "reason",
      found: show(o?.reason),
      message: `A waiver of ${rule} needs a reason of at least 10 characters.`,
      fix: `{ reason: "vendor image runs as root; ticket OPS-142" }`,
    });
  }
  if (o.expires !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(o.expires) || Number.isNaN(Date.parse(o.expires)))) {
    throw new BerthError({
      code: "waiver.expires",
      path,
      field: "expires",
      found: show(o.expires),
      message: `The expiry of a waiver of ${rule} must be a date YYYY-MM-DD.`,
      fix: `{ expires: "2027-03-01" }`,
    });
  }
  return {
    rule,
    ...(o.on ? { node: o.on.node.idInStack } : {}),
    reason: o.reason,
    ...(o.owner ? { owner: o.owner } : {}),
    ...(o.expires ? { expires: o.expires } : {}),
  };
}

/** Typed waivers of policy rules (a misspelt rule id does not compile). */
export class StackPolicy {
  /** @internal */
  readonly waivers: Acknowledgement[] = [];
  /** @internal */
  waiversDisabled = false;
  constructor(private readonly stack: Stack) {}
  /** Waives `rule` for one construct or the stack. Mandatory rules cannot be waived (check says so). */
  suppress(rule: RuleId, options: WaiverOptions): this {
    this.waivers.push(acknowledgement(this.stack, rule, options));
    return this;
  }
  /** Turns every waiver off: all suppressed findings come back. */
  disableWaivers(disabled = true): this {
    this.waiversDisabled = disabled;
    return this;
  }
}

/** Acknowledgements that a feature is degraded or unsupported on this stack's target. */
export class StackPortability {
  /** @internal */
  readonly acknowledgements: Acknowledgement[] = [];
  constructor(private readonly stack: Stack) {}
  /** Accepts that `feature` is degraded (or dropped) on this target, with a reason. */
  acknowledge(feature: Feature, options: WaiverOptions): this {
    this.acknowledgements.push(acknowledgement(this.stack, `portability.${feature}`, options));
    return this;
  }
}
