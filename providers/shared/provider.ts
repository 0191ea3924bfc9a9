/**
 * The provider seam: what a target is to the rest of Berth. A target is one registration of
 * this shape, keyed by its kind (providers/registry.ts); the CLI and the Pulumi entry point
 * look targets up there and never name one. docs/architecture.md walks through adding one.
 *
 * Everything here is target-neutral: a lowered graph is `unknown` above the provider (its
 * shape belongs to the target's lowering), and what a command prints comes back as plain data.
 */
import type { Writable } from "node:stream";
import type { Feature } from "../../sdk/core/features.ts";
import type { Graph, TargetKind } from "../../sdk/graph/schema.ts";
import type { Rule, TargetFacts } from "../../sdk/policy/types.ts";
import type { Capability } from "../../sdk/portability/capabilities.ts";
import type { EngineChange, EnginePlan } from "./engine/plan.ts";
import type { ProgressEvent } from "./engine/progress-event.ts";
import type { StackLockOptions } from "./engine/stack-lock.ts";

/** A synthesized stack as every provider receives it. */
export interface StackInput {
  /** The portable graph. */
  readonly graph: Graph;
  /** The stack directory (build contexts, relative secret files, berth.lock). */
  readonly dir: string;
  /** Looks a stack config key up (config file and `BERTH_CONFIG_*`). */
  readonly config: (key: string) => string | undefined;
}

/** One target: lowering, rules, capabilities, engine, exports, Pulumi. */
export interface TargetProvider {
  readonly kind: TargetKind;
  /** How messages name the target: `Docker host`, `swarm`. */
  readonly title: string;
  /** How the target provides each portable feature (the portability report reads it). */
  readonly capabilities: Readonly<Record<Feature, Capability>>;
  /**
   * Lowers the stack for checking and exporting: pure, no live platform. Target rules run on
   * what it returns, with the facts the engine gives when one is reachable. Absent while a
   * target is modelled (capabilities and portable rules) but not yet realized.
   */
  readonly lower?: (stack: StackInput) => unknown;
  /**
   * The target rules: policy rules that read the lowered graph (`RuleContext.lowered`) and the
   * platform facts an engine session reports. They run in the same pass as the portable pack,
   * with the same waivers; one whose fact is unknown (no engine answered) is skipped with a note.
   */
  readonly targetRules: readonly Rule[];
  /** Berth's own engine for the target, when it has one. */
  readonly engine?: TargetEngine;
  /** Native file formats, the first being the default of `berth export`. */
  readonly exports: readonly ExportFormat[];
  /** The Pulumi realizer, when the target has one (loaded only under `pulumi up`). */
  readonly pulumi?: () => Promise<PulumiRealizer>;
  /**
   * The no-op cache of `berth up`: present when the target's engine can answer a no-op from a
   * recorded lowered graph (providers/fast-noops.ts holds the matching fast path).
   */
  readonly upCache?: UpCacheSupport;
}

/** Facts about the live platform that target rules judge against (Docker host: `engineCpus`). */
export type { TargetFacts };

/** Opens engine sessions for one target. */
export interface TargetEngine {
  /**
   * Starts connecting to the platform's default endpoint before the stack program runs, so a
   * slow first answer overlaps loading. Optional; `open` works without it.
   */
  warmUp?(): void;
  /**
   * Mutating operations at once when `berth up --parallelism` is not given: what the platform
   * takes side by side (a local daemon does the work of each, a cloud API only records it).
   * @default 4
   */
  readonly parallelism?: number;
  /** A session on the stack's platform; `resolveSecrets: false` for commands that read no secret values. */
  open(stack: StackInput, options?: SessionOptions): EngineSession;
}

/** Mutating operations at once for an engine when `--parallelism` is not given ({@link TargetEngine.parallelism}). */
export const defaultParallelism = (engine: TargetEngine): number => engine.parallelism ?? 4;

/** Options of {@link TargetEngine.open}. */
export interface SessionOptions {
  /** Resolve secret values while lowering (plan and up need them; down, ps, logs and run may not). @default true */
  readonly resolveSecrets?: boolean;
}

/** Berth's engine on one stack: what `plan`, `up`, `down`, `ps`, `logs` and `run` do. */
export interface EngineSession {
  /** The stack name on the platform. */
  readonly stack: string;
  /** The lowered graph the session applies. */
  readonly lowered: unknown;
  /** Platform facts target rules need; also confirms the platform answers and fits the target. */
  facts(): Promise<TargetFacts>;
  plan(): Promise<EnginePlan<EngineChange>>;
  up(options: EngineUpOptions): Promise<UpOutcome>;
  down(options: EngineDownOptions): Promise<DownOutcome>;
  ps(): Promise<readonly PsRow[]>;
  logs(workload: string, tail: number): Promise<string>;
  follow(workload: string, tail: number, onLine: OnLogLine, signal?: AbortSignal): Promise<void>;
  /** A one-off process made from a workload (12-factor admin process); resolves to its exit code. */
  run(workload: string, command: readonly string[], io: { readonly stdout: Writable; readonly stderr: Writable }): Promise<number>;
}

/** Options of {@link EngineSession.up}. */
export interface EngineUpOptions {
  /** Mutating operations at once. */
  readonly parallelism: number;
  /** How long to wait for one workload to run, be healthy or complete (targets may allow more for rolling updates). */
  readonly timeoutMs: number;
  readonly onEvent?: (e: ProgressEvent) => void;
  readonly lock?: StackLockOptions;
}

/** What an `up` did. */
export interface UpOutcome {
  readonly plan: EnginePlan<EngineChange>;
  readonly changed: boolean;
  readonly applied: number;
  readonly unchanged: number;
  /** Where the stack answers, one line each (`shop-web-1: http://127.0.0.1:8080`). */
  readonly endpoints: readonly string[];
}

/** Options of {@link EngineSession.down}. */
export interface EngineDownOptions {
  /** Also remove volumes (their data is lost). */
  readonly volumes: boolean;
  readonly lock?: StackLockOptions;
}

/** What a `down` removed: object names by plural kind (`containers`, `services`, `volumes`, ...). */
export interface DownOutcome {
  readonly removed: Readonly<Record<string, readonly string[]>>;
}

/** One row of `berth ps`. */
export interface PsRow {
  readonly name: string;
  /** The portable node it runs. */
  readonly node: string;
  readonly state: string;
  readonly health: string;
  readonly ports: readonly string[];
}

/** One whole log line of a followed workload. */
export interface LogLine {
  readonly container: string;
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** Called once per whole line; `several` is true when more than one container is followed. */
export type OnLogLine = (line: LogLine, several: boolean) => void;

/** One native file format of a target. */
export interface ExportFormat {
  /** The `--format` value (`compose`, `stack`, `kubernetes`, `ecs`). */
  readonly name: string;
  /** Other `--format` values that mean the same. */
  readonly aliases?: readonly string[];
  /** One line for `berth export --help`. */
  readonly description: string;
  render(stack: StackInput): ExportResult;
}

/** An export: the main file, files it refers to, and the secret files the user provides. */
export interface ExportResult {
  /** The main file's default name and text (`compose.yaml`). */
  readonly main: { readonly name: string; readonly text: string };
  /** Other files, by path relative to the main file. */
  readonly files: Readonly<Record<string, string>>;
  /** Secret files the user must provide, by path relative to the main file → secret id (values are never exported). */
  readonly secrets: Readonly<Record<string, string>>;
  /** What the format cannot express, one line each. */
  readonly notes: readonly string[];
}

/** Realizes a stack with Pulumi resources (under `pulumi up`). */
export interface PulumiRealizer {
  (stack: StackInput, options: PulumiRealizeOptions): PulumiOutputs | Promise<PulumiOutputs>;
}

/** Options of a {@link PulumiRealizer}. */
export interface PulumiRealizeOptions {
  /** Where secret values come from under Pulumi. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called for each field the Pulumi provider cannot express. @default pulumi.log.warn */
  readonly onGap?: (gap: PulumiGap) => void;
}

/** A field the target's Pulumi provider cannot express, reported rather than dropped silently. */
export interface PulumiGap {
  /** Target node id. */
  readonly node: string;
  /** Construct path. */
  readonly path: string;
  /** The target field, e.g. `HostConfig.PidsLimit`. */
  readonly field: string;
  readonly found: string;
  readonly message: string;
}

/** The stack outputs of a realized stack. */
export interface PulumiOutputs {
  /** Where the stack answers, as `berth up` prints it. */
  readonly endpoints: readonly string[];
  /** The platform objects' names, by plural kind (`containers`, `services`). */
  readonly [kind: string]: readonly string[];
}

/** How a target takes part in the no-op cache of `berth up`. */
export interface UpCacheSupport {
  /** True when the lowered graph's secret values come from the stack's config (the record then keeps where the config lives). */
  readsConfigSecrets(lowered: unknown): boolean;
}
