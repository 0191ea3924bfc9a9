import { Construct } from "../core/construct.ts";
import type { BerthIssue } from "../core/errors.ts";
import type { Edge, NodeSpec } from "../graph/schema.ts";
import type { Config } from "./config.ts";
import type { Image } from "./image.ts";
import type { Secret } from "./secret.ts";

/** What synthesis gives a resource to resolve config and register shared values. */
export interface SynthContext {
  /** Resolves a stack config value; records a `config.missing` issue when absent. */
  configValue(key: string, at: Construct, field: string): string;
  /** Registers an image and returns its node id. */
  image(image: Image): string;
  /** Registers a secret and returns its node id. */
  secret(secret: Secret, at: Construct, field: string): string;
  /** Registers a config file and returns its node id. */
  config(config: Config, at: Construct, field: string): string;
  /** Records a problem; synthesis fails after every resource has been visited. */
  report(issue: BerthIssue): void;
}

/** A resource's graph node spec and the edges it starts. */
export interface Synthesized {
  readonly spec: NodeSpec;
  readonly edges?: readonly Omit<Edge, "from">[];
}

/** A construct that becomes one node of the portable graph. */
export abstract class Resource extends Construct {
  /** @internal Produces this resource's node. Called once per synth, tree locked. */
  abstract synthesize(ctx: SynthContext): Synthesized;
}
