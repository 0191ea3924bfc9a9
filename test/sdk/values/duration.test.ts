import { describe, expect, it } from "vitest";
import { BerthError } from "../../../sdk/core/errors.ts";
import { Duration } from "../../../sdk/values/duration.ts";

describe("Duration", () => {
  it("converts every unit factory to integer milliseconds", () => {
    expect(Duration.millis(250).toMillis()).toBe(250);
    expect(Duration.seconds(30).toMillis()).toBe(30_000);
    expect(Duration.minutes(5).toMillis()).toBe(300_000);
    expect(Duration.hours(1).toMillis()).toBe(3_600_000);
    expect(Duration.seconds(1.5).toSeconds()).toBe(1.5);
  });

  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["1m30s", 90_000],
    ["1h2m3s4ms", 3_723_004],
    ["1.5s", 1500],
  ])("parses %j as %d ms", (text, ms) => {
    expect(Duration.parse(text).toMillis()).toBe(ms);
  });

  it.each(["", "30", "s", "1h 30m", "30sec", "5d", "-5s", "30s5"])("rejects %j with a value.duration error and a fix", (text) => {
    const e = catchError(() => Duration.parse(text));
    expect(e.issues).toEqual([
      {
        code: "value.duration",
        path: "Duration.parse",
        found: JSON.stringify(text),
        message: `Cannot parse duration ${JSON.stringify(text)}.`,
        fix: 'Use units ms, s, m, h, e.g. "30s", "1m30s", or Duration.seconds(30).',
      },
    ]);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects %d in a unit factory", (n) => {
    const e = catchError(() => Duration.seconds(n));
    expect(e.code).toBe("value.duration");
    expect(e.issues[0]!.path).toBe("Duration.seconds");
    expect(e.issues[0]!.fix).toBe("Duration.seconds(30)");
  });

  it("rejects a duration whose millisecond count is not a safe integer", () => {
    expect(catchError(() => Duration.hours(1e300)).code).toBe("value.duration");
  });

  it("prints Go-style durations as Docker and Compose accept them", () => {
    expect(Duration.seconds(0).toString()).toBe("0s");
    expect(Duration.seconds(90).toString()).toBe("1m30s");
    expect(Duration.hours(2).toString()).toBe("2h");
    expect(Duration.parse("1h0m5s").toString()).toBe("1h5s");
    expect(Duration.millis(1500).toString()).toBe("1500ms");
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
