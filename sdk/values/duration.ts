import { BerthError, show } from "../core/errors.ts";

/** A span of time. Construct with the unit factories; never a bare number. */
export class Duration {
  private constructor(private readonly ms: number) {}

  static millis(n: number): Duration {
    return Duration.of(n, 1, "millis");
  }
  static seconds(n: number): Duration {
    return Duration.of(n, 1000, "seconds");
  }
  static minutes(n: number): Duration {
    return Duration.of(n, 60_000, "minutes");
  }
  static hours(n: number): Duration {
    return Duration.of(n, 3_600_000, "hours");
  }
  /** Parses `500ms`, `30s`, `5m`, `1h`, `1m30s`. */
  static parse(text: string): Duration {
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
    let total = 0;
    let consumed = 0;
    for (const m of text.trim().matchAll(re)) {
      const f = m[2] === "ms" ? 1 : m[2] === "s" ? 1000 : m[2] === "m" ? 60_000 : 3_600_000;
      total += Number(m[1]) * f;
      consumed += m[0].length;
    }
    if (consumed === 0 || consumed !== text.trim().length) {
      throw new BerthError({
        code: "value.duration",
        path: "Duration.parse",
        found: show(text),
        message: `Cannot parse duration ${show(text)}.`,
        fix: 'Use units ms, s, m, h, e.g. "30s", "1m30s", or Duration.seconds(30).',
      });
    }
    return Duration.of(total, 1, "parse");
  }
  private static of(n: number, factor: number, unit: string): Duration {
    // The product must stay a safe integer too: the graph stores durations as integer ms.
    if (typeof n !== "number" || !Number.isFinite(n) || n < 0 || !Number.isSafeInteger(Math.round(n * factor))) {
      throw new BerthError({
        code: "value.duration",
        path: `Duration.${unit}`,
        found: show(n),
        message: `A duration must be a finite, non-negative number of at most ${Number.MAX_SAFE_INTEGER} ms; got ${show(n)}.`,
        fix: unit === "parse" ? 'Duration.parse("30s")' : `Duration.${unit}(30)`,
      });
    }
    return new Duration(Math.round(n * factor));
  }
  /** Milliseconds, as an integer. */
  toMillis(): number {
    return this.ms;
  }
  toSeconds(): number {
    return this.ms / 1000;
  }
  /** Go-style duration string as Docker and Compose accept it: `30s`, `1m30s`, `500ms`. */
  toString(): string {
    if (this.ms === 0) return "0s";
    if (this.ms % 1000 !== 0) return `${this.ms}ms`;
    let s = this.ms / 1000;
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s -= m * 60;
    return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
  }
}
