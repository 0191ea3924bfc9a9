/**
 * What a plan is, for every engine: one change per desired node plus the owned orphans, each
 * naming the fields that differ. The engines decide the changes; the shape, the "does it change
 * anything" test and the refusal to touch objects Berth does not own are common.
 */
import { BerthError } from "../../../sdk/core/errors.ts";

/** What happens to one object (an engine uses the subset that fits its objects). */
export type ChangeOp = "create" | "replace" | "start" | "update" | "delete" | "keep" | "noop";

/** One entry of a plan. */
export interface EngineChange<Op extends ChangeOp = ChangeOp, Kind extends string = string> {
  readonly op: Op;
  readonly kind: Kind;
  /** Target node id (for deletes: the object's `berth.node` label or its name). */
  readonly id: string;
  readonly name: string;
  /** Replace/update: the fields (or spec sections) that differ; start/keep: why. */
  readonly fields: readonly string[];
  /** The live object differs from its own recorded spec (edited or stopped out of band). */
  readonly drift: boolean;
  /** Engine id of the live object, when there is one. */
  readonly liveId?: string;
}

/** A plan for one stack. */
export interface EnginePlan<C extends EngineChange = EngineChange> {
  readonly stack: string;
  readonly changes: readonly C[];
}

/** A desired name held by an object Berth does not own. */
export interface NameClash {
  readonly kind: string;
  readonly name: string;
}

/** True when applying the plan would change anything. */
export function planHasChanges(plan: EnginePlan): boolean {
  return plan.changes.some((c) => c.op !== "noop" && c.op !== "keep");
}

/** The change `op` for a target node, with the live object's id when there is one. */
export function nodeChange<Op extends ChangeOp, Kind extends string>(
  op: Op,
  node: { readonly kind: Kind; readonly id: string; readonly name: string },
  fields: string[] = [],
  liveId?: string,
  drift = false,
): EngineChange<Op, Kind> {
  return { op, kind: node.kind, id: node.id, name: node.name, fields, drift, ...(liveId ? { liveId } : {}) };
}

/** How a target words a name clash: what the object lacks, where it is, and how to remove it. */
export interface ClashWording {
  /** What follows "A <kind> named '<name>' exists ". */
  readonly lacks: string;
  /** How to get it out of the way. */
  readonly fix: (c: NameClash) => string;
  /** The issue's `found` @default the object's name */
  readonly found?: (c: NameClash) => string;
}

/** The Docker host's and swarm's wording: objects carry Berth's labels. */
const dockerWording = (stack: string): ClashWording => ({
  lacks: `but has no Berth labels for stack '${stack}'`,
  fix: (c) => `remove or rename it (docker ${c.kind} rm ${c.name}), or rename the stack`,
});

/**
 * Throws one issue per clash: planning stops before anything is applied, because taking over
 * (or replacing) an object another tool or person made would destroy what it holds.
 */
export function assertNoNameClashes(stack: string, clashes: readonly NameClash[], wording: ClashWording = dockerWording(stack)): void {
  if (clashes.length === 0) return;
  throw new BerthError(
    clashes.map((c) => ({
      code: "engine.name-taken",
      path: stack,
      field: c.kind,
      found: wording.found?.(c) ?? c.name,
      message: `A ${c.kind} named '${c.name}' exists ${wording.lacks}; Berth never touches objects it does not own.`,
      fix: wording.fix(c),
    })),
  );
}
