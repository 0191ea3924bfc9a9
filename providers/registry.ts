/**
 * The targets Berth knows, keyed by kind: the one place the CLI and the Pulumi entry point find
 * a target. Adding a target is adding its registration here (docs/architecture.md).
 */
import { BerthError } from "../sdk/core/errors.ts";
import type { Graph, TargetKind } from "../sdk/graph/schema.ts";
import { dockerHostProvider } from "./docker/provider.ts";
import { fargateProvider } from "./fargate/provider.ts";
import { kubernetesProvider } from "./kubernetes/provider.ts";
import type { EngineSession, SessionOptions, StackInput, TargetEngine, TargetProvider } from "./shared/provider.ts";
import { swarmProvider } from "./swarm/provider.ts";

/** Registrations by kind, in the order reports list targets. */
const PROVIDERS = new Map<string, TargetProvider>([dockerHostProvider, swarmProvider, fargateProvider, kubernetesProvider].map((p) => [p.kind, p]));

/** Every registered target, in report order. */
export function providers(): readonly TargetProvider[] {
  return [...PROVIDERS.values()];
}

/**
 * Registers a target (a test's own provider, or one from a package), replacing any registration
 * of the same kind; returns a function that restores what was there.
 */
export function registerProvider(provider: TargetProvider): () => void {
  const before = PROVIDERS.get(provider.kind);
  PROVIDERS.set(provider.kind, provider);
  return () => {
    if (before) PROVIDERS.set(before.kind, before);
    else PROVIDERS.delete(provider.kind);
  };
}

/** The registration of a target kind. */
export function provider(kind: TargetKind): TargetProvider {
  const p = PROVIDERS.get(kind);
  if (!p) {
    throw new BerthError({
      code: "target.unknown",
      path: kind,
      field: "target",
      found: kind,
      message: `No target is registered for kind '${kind}'.`,
      fix: `use one of: ${[...PROVIDERS.keys()].join(", ")}`,
    });
  }
  return p;
}

/** The registration of a stack's target. */
export function providerOf(graph: Graph): TargetProvider {
  return provider(graph.stack.target.kind);
}

/** The engine of a stack's target, or a clear error naming the target and what to use instead. */
export function engineOf(graph: Graph, command: string): { provider: TargetProvider; engine: TargetEngine } {
  const p = providerOf(graph);
  if (!p.engine) {
    const instead = [p.exports.length ? `\`berth export\` (${p.exports.map((e) => e.name).join(", ")})` : "", p.pulumi ? "`pulumi up`" : ""].filter(Boolean);
    throw new BerthError({
      code: "target.no-engine",
      path: graph.stack.name,
      field: "target",
      found: p.kind,
      message: `\`berth ${command}\` needs Berth's engine for ${p.title}, which this release does not have yet; '${graph.stack.name}' targets ${p.kind}.`,
      fix: instead.length ? `use ${instead.join(" or ")} for this stack` : "check the stack with `berth check`; deploy it with a target that has an engine (berth check --all-targets shows how the graph fares on each)",
    });
  }
  return { provider: p, engine: p.engine };
}

/** Opens an engine session on a stack's platform. */
export function openEngineSession(stack: StackInput, command: string, options?: SessionOptions): EngineSession {
  return engineOf(stack.graph, command).engine.open(stack, options);
}
