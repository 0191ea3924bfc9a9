import { BerthError, show } from "./errors.ts";

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Anything that can contain constructs: a Stack or another construct. */
export interface Scope {
  readonly node: ConstructNode;
}

/** The tree bookkeeping of a construct: its id, parent, children and path. */
export class ConstructNode {
  readonly children: Construct[] = [];
  /** Ids of the children, made on the first child: most constructs are leaves. */
  private childIds: Set<string> | undefined;
  private locked = false;

  constructor(
    readonly host: Construct,
    readonly scope: Scope | undefined,
    readonly id: string,
  ) {}

  /** The construct path from the stack down, e.g. `shop/Shop/web`. */
  get path(): string {
    return this.scope ? `${this.scope.node.path}/${this.id}` : this.id;
  }

  /** The path below the stack (`Shop/web`): the graph node id. */
  get idInStack(): string {
    return this.scope?.node.scope ? `${this.scope.node.idInStack}/${this.id}` : this.id;
  }

  /** The root of the tree (the Stack). */
  get root(): Construct {
    return this.scope ? this.scope.node.root : this.host;
  }

  /** Every construct below this one, depth first, in creation order. */
  descendants(): Construct[] {
    const out: Construct[] = [];
    collectDescendants(this, out);
    return out;
  }

  /** @internal */
  addChild(child: Construct): void {
    if (this.locked) {
      throw new BerthError({
        code: "construct.locked",
        path: `${this.path}/${child.node.id}`,
        message: "Cannot add a construct while the stack is being synthesized.",
        fix: "Create every construct before calling synth().",
      });
    }
    if (this.childIds?.has(child.node.id)) {
      throw new BerthError({
        code: "construct.duplicate-id",
        path: `${this.path}/${child.node.id}`,
        field: "id",
        found: show(child.node.id),
        message: `There is already a construct with id ${show(child.node.id)} in ${this.path}.`,
        fix: "Give each construct in a scope a unique id.",
      });
    }
    this.children.push(child);
    (this.childIds ??= new Set()).add(child.node.id);
  }

  /** @internal Takes back a child whose constructor failed, so the tree holds no half-built construct. */
  removeChild(child: Construct): void {
    const i = this.children.indexOf(child);
    if (i >= 0) this.children.splice(i, 1);
    this.childIds?.delete(child.node.id);
  }

  /** Locks this subtree against additions (during synthesis). */
  lock(locked = true): void {
    this.locked = locked;
    for (const c of this.children) c.node.lock(locked);
  }
}

/** Appends every construct below `node` to `out`, depth first, without an array per construct. */
function collectDescendants(node: ConstructNode, out: Construct[]): void {
  for (const c of node.children) {
    out.push(c);
    collectDescendants(c.node, out);
  }
}

/** Base of every construct. Constructors are `(scope, id, props)`; ids are stable. */
export abstract class Construct implements Scope {
  readonly node: ConstructNode;

  constructor(scope: Scope | undefined, id: string) {
    if (typeof id !== "string" || !ID.test(id)) {
      throw new BerthError({
        code: "construct.id",
        path: scope ? `${scope.node.path}/${String(id)}` : String(id),
        field: "id",
        found: show(id),
        message: `Construct id ${show(id)} is not valid.`,
        fix: "Use letters, digits, '-' and '_', starting with a letter or digit (e.g. \"web\").",
      });
    }
    this.node = new ConstructNode(this, scope, id);
    scope?.node.addChild(this);
  }

  toString(): string {
    return this.node.path;
  }
}
