/**
 * The error `logs`, `run` and the like give, on every engine, for a workload the stack does not
 * have: it lists the ones it does, since the user usually mistyped one of them.
 */
import { BerthError } from "../../../sdk/core/errors.ts";

/** The error for `which`, naming the stack's workloads (`known`, sorted) as the fix. */
export function unknownWorkload(stack: string, which: string, known: readonly string[]): BerthError {
  return new BerthError({
    code: "cli.unknown-service",
    path: stack,
    field: "service",
    found: which,
    message: `Stack '${stack}' has no service, container or job '${which}'.`,
    fix: `use one of: ${known.join(", ")}`,
  });
}
