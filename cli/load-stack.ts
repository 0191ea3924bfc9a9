import { existsSync, statSync } from "node:fs";
import { resolve, join } from "node:path";
import { BerthError } from "../sdk/core/errors.ts";
import { Stack } from "../sdk/constructs/stack.ts";
import { synth } from "../sdk/constructs/synth.ts";
import { LOCK_FILE_NAME, readLock, type LockFile } from "../sdk/config/lock-file.ts";
import type { Graph } from "../sdk/graph/schema.ts";
import { prepareStackProgram, type StackProgram } from "./stack-program.ts";

/** A loaded stack program and its synthesized graph. */
export interface LoadedStack {
  readonly dir: string;
  readonly stack: Stack;
  readonly graph: Graph;
  /** The stack's `berth.lock`, when the directory has one. */
  readonly lock?: LockFile;
  /** The program's entry file. */
  readonly entry: string;
  /** How the program ran (its bundle's inputs, when bundled). */
  readonly program: StackProgram;
}

/** The files a stack directory's program may start from, the first found winning. */
export const STACK_ENTRY_FILES = ["index.ts", "main.ts", "index.js"] as const;

/** Options of {@link loadStack}. */
export interface LoadStackOptions {
  /** Called once the program is compiled, right before it runs (`up` starts recording its inputs). */
  readonly beforeRun?: () => void;
}

/**
 * Loads a stack directory: runs its `index.ts` (default export: a Stack), reads its config
 * (`Pulumi.<environment>.yaml`, env) and `berth.lock`, and synthesizes the graph.
 */
export async function loadStack(dirArg: string, options: LoadStackOptions = {}): Promise<LoadedStack> {
  const dir = resolve(dirArg);
  const entry = STACK_ENTRY_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!existsSync(dir) || !statSync(dir).isDirectory() || !entry) {
    throw new BerthError({
      code: "cli.stack-dir",
      path: dirArg,
      message: `${dirArg} is not a stack directory (it needs an index.ts whose default export is a Stack).`,
      fix: "Pass a stack directory, e.g. `berth synth stacks/dev`.",
    });
  }
  process.env.BERTH_STACK_DIR = dir;
  // Shares this process's sdk module instances, so instanceof Stack holds (cli/stack-program.ts).
  const program = await prepareStackProgram(entry);
  options.beforeRun?.();
  const mod = await program.load();
  const stack = mod.default;
  if (!(stack instanceof Stack)) {
    throw new BerthError({
      code: "cli.stack-export",
      path: entry,
      found: typeof stack,
      message: `${entry} must \`export default\` a Stack.`,
      fix: 'const stack = new Stack("shop", { ... }); export default stack;',
    });
  }
  const hasLock = existsSync(join(dir, LOCK_FILE_NAME));
  const lock = readLock(dir);
  const graph = synth(stack, { config: stack.config, lock });
  return { dir, stack, graph, entry, program, ...(hasLock ? { lock } : {}) };
}
