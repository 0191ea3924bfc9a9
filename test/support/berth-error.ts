import { BerthError } from "../../sdk/core/errors.ts";

/** Runs `fn` and returns the BerthError it throws; fails the test on any other outcome. */
export function catchBerthError(fn: () => unknown): BerthError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BerthError) return e;
    throw e;
  }
  throw new Error("expected a BerthError, but nothing was thrown");
}
