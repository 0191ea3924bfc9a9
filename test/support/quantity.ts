/**
 * The one test suite the typed quantities (Size, Duration) share: unit factories, parsing,
 * the error a bad text or a bad number raises, overflow and printing. Each quantity's test
 * file states its own cases and exact expected values; this file holds the assertions.
 */
import { describe, expect, it } from "vitest";
import { catchBerthError } from "./berth-error.ts";

/** One `expect(actual()).toBe(expected)` row; `actual` is lazy so a throw fails only its test. */
export type Equals = readonly [actual: () => unknown, expected: unknown];

/** A named test made of rows. */
export interface Rows<T> {
  readonly name: string;
  readonly rows: readonly T[];
}

/** What {@link describeQuantity} checks for one quantity type. */
export interface QuantityCases {
  /** The describe block, e.g. `Size`. */
  readonly name: string;
  /** The error code every rejection carries, e.g. `value.size`. */
  readonly code: string;
  /** Unit factories converted to the base unit. */
  readonly factories: Rows<Equals>;
  /** Parses `text` and returns it in the base unit. */
  readonly parse: (text: string) => number;
  /** Name of the parse table; `%j` is the text, `%d` the expected count. */
  readonly parsesName: string;
  readonly parses: ReadonlyArray<readonly [text: string, expected: number]>;
  /** Texts `parse` rejects, with the one issue each raises (`found` is the JSON of the text). */
  readonly rejects: {
    readonly texts: readonly string[];
    readonly path: string;
    readonly message: (found: string) => string;
    readonly fix: string;
  };
  /** A unit factory that must reject negative, NaN and infinite numbers. */
  readonly factory: { readonly call: (n: number) => unknown; readonly path: string; readonly fix: string };
  /** Calls that overflow a safe integer of the base unit. */
  readonly overflow: Rows<() => unknown>;
  /** `toString()` (and other printers) of values. */
  readonly prints: Rows<Equals>;
}

/** Declares the shared quantity suite with the cases of one quantity type. */
export function describeQuantity(q: QuantityCases): void {
  describe(q.name, () => {
    it(q.factories.name, () => {
      for (const [actual, expected] of q.factories.rows) expect(actual()).toBe(expected);
    });

    it.each(q.parses)(q.parsesName, (text, expected) => {
      expect(q.parse(text)).toBe(expected);
    });

    it.each(q.rejects.texts)(`rejects %j with a ${q.code} error and a fix`, (text) => {
      const e = catchBerthError(() => q.parse(text));
      const found = JSON.stringify(text);
      expect(e.issues).toEqual([{ code: q.code, path: q.rejects.path, found, message: q.rejects.message(found), fix: q.rejects.fix }]);
    });

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects %d in a unit factory", (n) => {
      const e = catchBerthError(() => q.factory.call(n));
      expect(e.code).toBe(q.code);
      expect(e.issues[0]!.path).toBe(q.factory.path);
      expect(e.issues[0]!.fix).toBe(q.factory.fix);
    });

    it(q.overflow.name, () => {
      for (const call of q.overflow.rows) expect(catchBerthError(call).code).toBe(q.code);
    });

    it(q.prints.name, () => {
      for (const [actual, expected] of q.prints.rows) expect(actual()).toBe(expected);
    });
  });
}
