import * as crypto from "node:crypto";

/**
 * Canonical JSON: object keys sorted, no `undefined`, no whitespace. The same value always
 * gives the same bytes, which makes synth output and content hashes deterministic.
 */
export function canonicalJson(value: unknown): string {
  // Serialized in one pass, without building a sorted copy first: synth hashes every node, so
  // this is on the hot path of large graphs. Same bytes as JSON.stringify(sortKeys(value)).
  return write(value) ?? (JSON.stringify(value) as string);
}

/**
 * Object keys as written in canonical JSON (`"key":`), by key. Specs of one kind share their
 * keys, so quoting each once saves a JSON.stringify per member. Bounded: keys also come from
 * user data (env names, labels).
 */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 4096;

function quoteKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = `${JSON.stringify(k)}:`;
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(k, q);
  }
  return q;
}

/**
 * Sorts keys in place, as `keys.sort()` would. Nodes are mostly built with their keys in order
 * already and objects are small, so an insertion sort does next to nothing, where the built-in
 * sort allocates working storage on every call.
 */
function sortKeysInPlace(keys: string[]): void {
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    if (keys[i - 1]! <= k) continue;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
}

/** One value as canonical JSON, or undefined where JSON.stringify would drop it. */
function write(value: unknown): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      // undefined, functions and symbols are dropped (members) or become null (array items).
      return undefined;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    let out = `[${write(value[0]) ?? "null"}`;
    for (let i = 1; i < value.length; i++) out += `,${write(value[i]) ?? "null"}`;
    return `${out}]`;
  }
  const keys = Object.keys(value as object);
  sortKeysInPlace(keys);
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = write((value as Record<string, unknown>)[k]);
    if (v === undefined) continue;
    out += out.length === 1 ? quoteKey(k) + v : `,${quoteKey(k)}${v}`;
  }
  return `${out}}`;
}

/** Pretty canonical JSON (2-space indent, trailing newline) for files humans read. */
export function canonicalJsonPretty(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/**
 * sha256 hex of the canonical JSON of a value: the same digest as `sha256Hex(canonicalJson(value))`.
 * Objects and arrays are encoded straight into a reused byte buffer instead of through a string
 * built piece by piece, which on a graph of thousands of nodes was most of synth's garbage.
 */
export function contentHash(value: unknown): string {
  // A getter that hashes would write into the shared buffer mid-value: it takes the string path.
  // So do the first hashes of a process: the byte writer loops per character, fast once V8 has
  // optimised it and slow before, where building the string is mostly native code.
  if (value === null || typeof value !== "object" || writing || ++hashed <= BYTE_WRITER_AFTER) return sha256Hex(canonicalJson(value));
  writing = true;
  try {
    const w = new ByteWriter();
    w.value(value);
    const bytes = w.bytes();
    return typeof crypto.hash === "function" ? crypto.hash("sha256", bytes, "hex") : crypto.createHash("sha256").update(bytes).digest("hex");
  } finally {
    writing = false;
  }
}

/** True while {@link contentHash} is writing into the shared buffer. */
let writing = false;
/** Hashes so far in this process, and how many go through the string path first. */
let hashed = 0;
const BYTE_WRITER_AFTER = 200;

/**
 * sha256 hex of a string. Node's one-shot `crypto.hash` (20.12+) skips the Hash object a
 * streaming digest needs; older Node 20 releases fall back to `createHash`.
 */
export function sha256Hex(text: string): string {
  return typeof crypto.hash === "function" ? crypto.hash("sha256", text, "hex") : crypto.createHash("sha256").update(text).digest("hex");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Shared output buffer of {@link ByteWriter}; grows when a value needs more, never shrinks. */
let shared = Buffer.allocUnsafe(64 * 1024);

const HEX = "0123456789abcdef";

/**
 * Writes canonical JSON as UTF-8 bytes: the traversal of `write` above, byte for byte the
 * encoding of its string (JSON.stringify's escaping, well-formed for lone surrogates).
 */
class ByteWriter {
  private buf = shared;
  private pos = 0;

  /** The bytes written so far (a view of the shared buffer, valid until the next writer). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Writes a value; returns false (writing nothing) where `write` returns undefined. */
  value(value: unknown): boolean {
    if (value === null) {
      this.ascii("null");
      return true;
    }
    switch (typeof value) {
      case "string":
        this.string(value);
        return true;
      case "number":
        this.number(value);
        return true;
      case "boolean":
        this.ascii(value ? "true" : "false");
        return true;
      case "object":
        break;
      default:
        return false;
    }
    if (Array.isArray(value)) {
      this.byte(0x5b);
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.byte(0x2c);
        if (!this.value(value[i])) this.ascii("null");
      }
      this.byte(0x5d);
      return true;
    }
    const keys = Object.keys(value as object);
    sortKeysInPlace(keys);
    this.byte(0x7b);
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = (value as Record<string, unknown>)[k];
      // Members `write` drops: undefined, functions, symbols, bigints.
      const t = typeof v;
      if (t === "undefined" || t === "function" || t === "symbol" || t === "bigint") continue;
      if (!first) this.byte(0x2c);
      first = false;
      this.string(k);
      this.byte(0x3a);
      this.value(v);
    }
    this.byte(0x7d);
    return true;
  }

  private number(n: number): void {
    if (!Number.isFinite(n)) this.ascii("null");
    else if (Number.isInteger(n) && n >= 0 && n < 2 ** 31) this.uint(n);
    else this.ascii(String(n));
  }

  private uint(n: number): void {
    if (n >= 10) this.uint(Math.floor(n / 10));
    this.byte(0x30 + (n % 10));
  }

  private string(s: string): void {
    this.reserve(s.length * 6 + 2);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c <= 0x7f) {
        if (c === 0x22 || c === 0x5c) buf[pos++] = 0x5c;
        buf[pos++] = c;
      } else if (c < 0x20) {
        buf[pos++] = 0x5c;
        if (c === 0x08) buf[pos++] = 0x62;
        else if (c === 0x09) buf[pos++] = 0x74;
        else if (c === 0x0a) buf[pos++] = 0x6e;
        else if (c === 0x0c) buf[pos++] = 0x66;
        else if (c === 0x0d) buf[pos++] = 0x72;
        else pos = unicodeEscape(buf, pos, c);
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[pos++] = 0xf0 | (cp >> 18);
          buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
          buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
          buf[pos++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          // A lone surrogate: JSON.stringify writes it as a \u escape.
          buf[pos++] = 0x5c;
          pos = unicodeEscape(buf, pos, c);
        }
      } else {
        buf[pos++] = 0xe0 | (c >> 12);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
        buf[pos++] = 0x80 | (c & 0x3f);
      }
    }
    buf[pos++] = 0x22;
    this.pos = pos;
  }

  private ascii(s: string): void {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
  }

  private byte(b: number): void {
    this.reserve(1);
    this.buf[this.pos++] = b;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
    shared = bigger;
  }
}

/** Writes `u` and four lowercase hex digits of `c` (the backslash is already written). */
function unicodeEscape(buf: Buffer, pos: number, c: number): number {
  buf[pos++] = 0x75;
  buf[pos++] = HEX.charCodeAt((c >> 12) & 0xf);
  buf[pos++] = HEX.charCodeAt((c >> 8) & 0xf);
  buf[pos++] = HEX.charCodeAt((c >> 4) & 0xf);
  buf[pos++] = HEX.charCodeAt(c & 0xf);
  return pos;
}
