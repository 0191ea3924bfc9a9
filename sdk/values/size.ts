import { BerthError, show } from "../core/errors.ts";

const KIB = 1024;

/** A quantity of bytes. Construct with the unit factories; never a bare number. */
export class Size {
  private constructor(private readonly bytes: number) {}

  /** @param n bytes (a non-negative integer) */
  static bytes(n: number): Size {
    return Size.of(n, 1, "bytes");
  }
  static kibibytes(n: number): Size {
    return Size.of(n, KIB, "kibibytes");
  }
  static mebibytes(n: number): Size {
    return Size.of(n, KIB ** 2, "mebibytes");
  }
  static gibibytes(n: number): Size {
    return Size.of(n, KIB ** 3, "gibibytes");
  }
  /**
   * Parses `512Mi`, `1Gi`, `64m` (docker style, binary), `100k`, `1024` (bytes).
   */
  static parse(text: string): Size {
    const m = /^(\d+(?:\.\d+)?)\s*(b|k|ki|kb|m|mi|mb|g|gi|gb)?$/i.exec(text.trim());
    if (!m) {
      throw new BerthError({
        code: "value.size",
        path: "Size.parse",
        found: show(text),
        message: `Cannot parse size ${show(text)}.`,
        fix: 'Use a number with a binary unit, e.g. "512Mi", "1Gi", or Size.mebibytes(512).',
      });
    }
    const unit = (m[2] ?? "b").toLowerCase()[0];
    const factor = unit === "k" ? KIB : unit === "m" ? KIB ** 2 : unit === "g" ? KIB ** 3 : 1;
    return Size.of(Number(m[1]), factor, "parse");
  }
  private static of(n: number, factor: number, unit: string): Size {
    // The product must stay a safe integer too: the graph stores sizes as integer bytes.
    if (typeof n !== "number" || !Number.isFinite(n) || n < 0 || !Number.isSafeInteger(Math.round(n * factor))) {
      throw new BerthError({
        code: "value.size",
        path: `Size.${unit}`,
        found: show(n),
        message: `A size must be a finite, non-negative number of at most ${Number.MAX_SAFE_INTEGER} bytes; got ${show(n)}.`,
        fix: unit === "parse" ? 'Size.parse("512Mi")' : `Size.${unit}(512)`,
      });
    }
    return new Size(Math.round(n * factor));
  }
  /** Bytes, as an integer. */
  toBytes(): number {
    return this.bytes;
  }
  toMebibytes(): number {
    return this.bytes / KIB ** 2;
  }
  /** Human form: `512Mi`, `1Gi`, `100Ki` or bytes. */
  toString(): string {
    for (const [suffix, f] of [["Gi", KIB ** 3], ["Mi", KIB ** 2], ["Ki", KIB]] as const) {
      if (this.bytes >= f && this.bytes % f === 0) return `${this.bytes / f}${suffix}`;
    }
    return `${this.bytes}`;
  }
}
