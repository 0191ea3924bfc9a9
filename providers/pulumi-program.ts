/**
 * The Pulumi entry for a Berth stack: synthesize, look the stack's target up in the registry
 * and realize the same lowered graph Berth's engine deploys as Pulumi resources. A stack's
 * Pulumi main (e.g. stacks/dev/pulumi.ts) is
 * `export default () => pulumiProgram(stack, { dir: import.meta.dirname })`.
 */
import { BerthError } from "../sdk/core/errors.ts";
import { readLock } from "../sdk/config/lock-file.ts";
import type { Stack } from "../sdk/constructs/stack.ts";
import { synth } from "../sdk/constructs/synth.ts";
import { providerOf, providers } from "./registry.ts";
import type { PulumiOutputs, PulumiRealizeOptions } from "./shared/provider.ts";

/** Options of {@link pulumiProgram}. */
export interface PulumiProgramOptions extends PulumiRealizeOptions {
  /** The stack directory (its `berth.lock`, build contexts, relative secret files). */
  readonly dir: string;
}

/**
 * Realizes a Berth stack with Pulumi through its target's realizer, so `pulumi up` and
 * `berth up` create the same objects. A target without a realizer fails with a
 * {@link BerthError} naming the target and what to use instead.
 */
export async function pulumiProgram(stack: Stack, options: PulumiProgramOptions): Promise<PulumiOutputs> {
  const graph = synth(stack, { config: stack.config, lock: readLock(options.dir) });
  const target = providerOf(graph);
  if (!target.pulumi) {
    const realized = providers().filter((p) => p.pulumi).map((p) => p.title);
    const list = (words: readonly string[], last: string) => (words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} ${last} ${words.at(-1)}`);
    const instead = [target.engine ? "`berth up`" : "", target.exports.length ? "`berth export`" : ""].filter(Boolean);
    throw new BerthError({
      code: "pulumi.target",
      path: graph.stack.name,
      field: "target",
      found: target.kind,
      message: `${target.title} has no Pulumi realizer in this release; Pulumi realizes ${list(realized, "and")} stacks.`,
      fix: instead.length ? `deploy this stack with ${instead.join(" or ")}` : `check it with \`berth check\`; realize it with Pulumi once its target has a realizer, or target ${list(realized, "or")}`,
    });
  }
  const realize = await target.pulumi();
  const { env, onGap } = options;
  return realize({ graph, dir: options.dir, config: (k) => stack.config.get(k) }, { ...(env ? { env } : {}), ...(onGap ? { onGap } : {}) });
}
