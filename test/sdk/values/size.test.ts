import { describe, expect, it } from "vitest";
import { BerthError } from "../../../sdk/core/errors.ts";
import { Size } from "../../../sdk/values/size.ts";

describe("Size", () => {
  it("converts every unit factory to integer bytes", () => {
    expect(Size.bytes(100).toBytes()).toBe(100);
    expect(Size.kibibytes(2).toBytes()).toBe(2048);
    expect(Size.mebibytes(512).toBytes()).toBe(536_870_912);
    expect(Size.gibibytes(10).toBytes()).toBe(10_737_418_240);
    expect(Size.mebibytes(0.5).toBytes()).toBe(524_288);
  });

  it.each([
    ["512Mi", 536_870_912],
    ["1Gi", 1_073_741_824],
    ["64m", 67_108_864],
    ["100k", 102_400],
    ["1024", 1024],
    ["1.5Gi", 1_610_612_736],
    [" 2 GB ", 2_147_483_648],
    ["7b", 7],
  ])("parses %j as %d bytes", (text, bytes) => {
    expect(Size.parse(text).toBytes()).toBe(bytes);
  });

  it.each(["", "Mi", "-1Mi", "12 parsecs", "1Ti", "1e3"])("rejects %j with a value.size error and a fix", (text) => {
    const e = catchError(() => Size.parse(text));
    expect(e.issues).toEqual([
      {
        code: "value.size",
        path: "Size.parse",
        found: JSON.stringify(text),
        message: `Cannot parse size ${JSON.stringify(text)}.`,
        fix: 'Use a number with a binary unit, e.g. "512Mi", "1Gi", or Size.mebibytes(512).',
      },
    ]);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects %d in a unit factory", (n) => {
    const e = catchError(() => Size.mebibytes(n));
    expect(e.code).toBe("value.size");
    expect(e.issues[0]!.path).toBe("Size.mebibytes");
    expect(e.issues[0]!.fix).toBe("Size.mebibytes(512)");
  });

  it("rejects a size whose byte count is not a safe integer instead of writing Infinity into the graph", () => {
    expect(catchError(() => Size.gibibytes(1e300)).code).toBe("value.size");
    expect(catchError(() => Size.parse(`${"9".repeat(400)}Gi`)).code).toBe("value.size");
  });

  it("prints the largest whole binary unit", () => {
    expect(Size.gibibytes(2).toString()).toBe("2Gi");
    expect(Size.mebibytes(1536).toString()).toBe("1536Mi");
    expect(Size.kibibytes(3).toString()).toBe("3Ki");
    expect(Size.bytes(1000).toString()).toBe("1000");
    expect(Size.mebibytes(256).toMebibytes()).toBe(256);
  });
});

function catchError(fn: () => unknown): BerthError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BerthError) return e;
    throw e;
  }
  throw new Error("expected a BerthError");
}
