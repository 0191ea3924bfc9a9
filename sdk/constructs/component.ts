import { Construct, type Scope } from "../core/construct.ts";

/**
 * The base for reusable higher-level constructs that teams share as packages (a `Shop`, a
 * `Postgres`). A component adds nothing to the graph itself: its children do, with ids under
 * its path.
 */
export class Component extends Construct {
  constructor(scope: Scope, id: string) {
    super(scope, id);
  }
}
