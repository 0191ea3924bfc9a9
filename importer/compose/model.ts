/**
 * The imported program as data: declarations whose props are small expressions. One model,
 * two readers: emit-program.ts prints it as TypeScript, evaluate.ts builds the same constructs
 * in-process (for the policy check), so the program written and the program checked agree.
 */

/** Functions a generated program calls. */
export type Fn =
  | "Image.fromRegistry"
  | "Image.fromBuild"
  | "Secret.fromFile"
  | "Secret.fromConfig"
  | "Secret.fromEnv"
  | "Config.value"
  | "Config.fromText"
  | "Size.bytes"
  | "Size.kibibytes"
  | "Size.mebibytes"
  | "Size.gibibytes"
  | "Duration.millis"
  | "Duration.seconds"
  | "Duration.minutes"
  | "Duration.hours"
  /** `config.get(key) ?? fallback`: a stack config string with the compose default. */
  | "config.get"
  /** `config.number(key, fallback)`. */
  | "config.number"
  /** A path in the compose project, resolved from the program's directory. */
  | "fromCompose"
  /** A path under the deploying user's home directory (`~/x` in compose). */
  | "fromHome"
  /** The text of a file of the compose project, read when the program runs. */
  | "readText";

/** An expression in a generated program. */
export type Expr =
  | { readonly kind: "lit"; readonly value: string | number | boolean }
  | { readonly kind: "arr"; readonly items: readonly Expr[] }
  | { readonly kind: "obj"; readonly entries: readonly (readonly [string, Expr])[] }
  | { readonly kind: "call"; readonly fn: Fn; readonly args: readonly Expr[] }
  | { readonly kind: "ref"; readonly name: string }
  | { readonly kind: "hostname"; readonly of: string }
  /** A template literal of text and string expressions. */
  | { readonly kind: "tpl"; readonly parts: readonly (string | Expr)[] };

/** Constructs a generated program creates; `const` is a plain value (an image, a secret) several use. */
export type Ctor = "Service" | "Job" | "Network" | "Volume" | "const";

/** `const <name> = new <ctor>(stack, "<id>", <props>);` (or `= <props>;` for a const) with comments above it. */
export interface Declaration {
  readonly name: string;
  readonly ctor: Ctor;
  readonly id: string;
  readonly props?: Expr;
  readonly comments: readonly string[];
}

/** A whole generated program. */
export interface ProgramModel {
  readonly stackName: string;
  readonly environment: string;
  /** Relative path from the program's directory to the compose project's directory. */
  readonly composeDir: string;
  readonly declarations: readonly Declaration[];
}

export const lit = (value: string | number | boolean): Expr => ({ kind: "lit", value });
export const arr = (items: readonly Expr[]): Expr => ({ kind: "arr", items });
export const call = (fn: Fn, ...args: Expr[]): Expr => ({ kind: "call", fn, args });
export const ref = (name: string): Expr => ({ kind: "ref", name });

/** An object expression; entries whose value is undefined are left out. */
export function obj(entries: Readonly<Record<string, Expr | undefined>>): Expr {
  return { kind: "obj", entries: Object.entries(entries).filter((e): e is [string, Expr] => e[1] !== undefined) };
}

/** True for an object expression with no entries (such props are left out). */
export function isEmpty(e: Expr | undefined): boolean {
  return e === undefined || (e.kind === "obj" && e.entries.length === 0) || (e.kind === "arr" && e.items.length === 0);
}

/** A Size expression in the largest binary unit that divides it. */
export function sizeExpr(bytes: number): Expr {
  const units: [Fn, number][] = [["Size.gibibytes", 1024 ** 3], ["Size.mebibytes", 1024 ** 2], ["Size.kibibytes", 1024]];
  for (const [fn, f] of units) if (bytes >= f && bytes % f === 0) return call(fn, lit(bytes / f));
  return call("Size.bytes", lit(bytes));
}

/** A Duration expression in the largest unit that divides it. */
export function durationExpr(ms: number): Expr {
  const units: [Fn, number][] = [["Duration.hours", 3_600_000], ["Duration.minutes", 60_000], ["Duration.seconds", 1000]];
  for (const [fn, f] of units) if (ms >= f && ms % f === 0) return call(fn, lit(ms / f));
  return call("Duration.millis", lit(ms));
}
