import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash } from "../../../sdk/graph/canonical.ts";

/** The digest by definition: sha256 of the UTF-8 bytes of the canonical JSON string. */
const byDefinition = (value: unknown) => createHash("sha256").update(canonicalJson(value)).digest("hex");

/** Values whose encoding has a rule of its own: escapes, multi-byte characters, surrogates, numbers, dropped members. */
const TRICKY: readonly unknown[] = [
  {},
  [],
  { b: 1, a: 2, c: [3, { z: true, y: false, x: null }] },
  { s: 'quote " backslash \\ slash / tab \t newline \n return \r feed \f back \b nul \u0000 unit \u001f del \u007f' },
  { s: "é ß ü \u0080 \u07ff \u0800 € \uffff \u2028 \u2029" },
  { s: "pair 😀 lone-high \ud800 lone-low \udc00 reversed \udc00\ud800 high-at-end \ud83d" },
  { "ключ": "значение", "🔑": "🔒", "\n": "key with a newline" },
  { n: [0, -0, 1, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e21, 1.5, -2.25, 1e-7, 0.1, 123456789012, NaN, Infinity, -Infinity] },
  { dropped: undefined, fn: () => 1, sym: Symbol("s"), kept: "yes" },
  [undefined, () => 1, Symbol("s"), null, "x"],
  { "10": "ten", "9": "nine", a: "letter", B: "upper" },
  { deep: { deeper: { deepest: [[[{ k: "v" }]]] } } },
  { long: "x".repeat(100_000) },
];

describe("contentHash", () => {
  it.each(TRICKY.map((v, i) => [i, v] as const))("hashes value %i exactly as sha256 of its canonical JSON", (_i, value) => {
    expect(contentHash(value)).toBe(byDefinition(value));
  });

  it("is a fixed digest of the canonical bytes, whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: 'é\n"x"' })).toBe('{"a":"é\\n\\"x\\"","b":1}');
    expect(contentHash({ b: 1, a: 'é\n"x"' })).toBe("1376f47411ee16ddac3cf410c2e7692b631f8f98cb2127ec2cf0bb6c43fc9ec0");
    expect(contentHash({ b: 1, a: 'é\n"x"' })).toBe(contentHash({ a: 'é\n"x"', b: 1 }));
    expect(contentHash({ b: 1, a: 'é\n"x"' })).toBe(byDefinition({ a: 'é\n"x"', b: 1 }));
  });

  it("changes when any value changes", () => {
    expect(contentHash({ a: "x" })).not.toBe(contentHash({ a: "y" }));
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
  });
});

describe("contentHash once a process has hashed many values", () => {
  it("hashes every tricky value exactly as before, through the byte writer large graphs use", () => {
    // The first hashes of a process build the string; later ones write bytes (sdk/graph/canonical.ts).
    for (let i = 0; i < 300; i++) contentHash({ warm: i });
    for (const value of TRICKY) expect(contentHash(value)).toBe(byDefinition(value));
    expect(contentHash({ b: 1, a: 'é\n"x"' })).toBe("1376f47411ee16ddac3cf410c2e7692b631f8f98cb2127ec2cf0bb6c43fc9ec0");
  });
});
