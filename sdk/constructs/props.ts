import { z } from "zod";
import type { Construct } from "../core/construct.ts";
import { BerthError, show, type BerthIssue } from "../core/errors.ts";
import { COMPILE_PROPS_AFTER_PARSES } from "../graph/parse-options.ts";
import { Duration } from "../values/duration.ts";
import { Size } from "../values/size.ts";

export { z };

/**
 * Validates constructor props against a zod schema. Every problem becomes a
 * {@link BerthIssue} naming the construct path and the field; all are reported at once.
 */
export function parseProps<T>(construct: Construct, schema: z.ZodType<T>, props: unknown): T {
  const parser = parserFor(schema);
  // Until a schema is compiled, zod's interpreter: its per-object code generation would cost a
  // program of a few constructs more than it saves (sdk/graph/parse-options.ts).
  const r = parser.safeParse(props ?? {}, parser === schema ? { jitless: true } : undefined);
  if (r.success) return r.data;
  // An unknown key is reported once per key, at the key itself, so the field names it.
  const issues = r.error.issues.flatMap((i) =>
    i.code === "unrecognized_keys" && i.keys.length > 0 ? i.keys.map((k) => ({ ...i, keys: [k], path: [...i.path, k] })) : [i],
  );
  // Nothing half-built stays in the tree: a caller that catches this can still synth.
  construct.node.scope?.node.removeChild(construct);
  throw new BerthError(issues.map((i) => propIssue(construct, i, props)));
}

/** Props schemas compiled by zod's code generator, by schema. */
const compiledSchemas = new WeakMap<z.ZodType, z.ZodType>();
/** Props parsed so far with each schema not yet compiled. */
const parses = new WeakMap<z.ZodType, number>();

/**
 * The schema to parse with: the schema itself, or, once it has parsed many props, the schema
 * compiled (`z.compile`). Both give the same results, including every issue of an invalid
 * value (the compiled parser hands those to zod's runtime parser).
 */
function parserFor<T>(schema: z.ZodType<T>): z.ZodType<T> {
  const c = compiledSchemas.get(schema);
  if (c !== undefined) return c as z.ZodType<T>;
  const n = (parses.get(schema) ?? 0) + 1;
  parses.set(schema, n);
  // A program of a few constructs never wins the compile time back; hundreds of one kind do.
  if (n < COMPILE_PROPS_AFTER_PARSES) return schema;
  const compiled = z.compile(schema);
  compiledSchemas.set(schema, compiled);
  return compiled;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function propIssue(construct: Construct, issue: z.core.$ZodIssue, props: unknown): BerthIssue {
  const field = issue.path.map(String).join(".") || "(props)";
  if (issue.code === "unrecognized_keys") {
    return {
      code: "props.invalid",
      path: construct.node.path,
      field,
      found: show(valueAt(props, issue.path)),
      message: `${construct.constructor.name} '${construct.node.id}': ${field} is not a known prop.`,
      fix: describeExpected(issue),
    };
  }
  const found = valueAt(props, issue.path);
  const expected = describeExpected(issue);
  // A bad record key (an env name, a secret file name) carries the real reason one level down.
  const why = issue.code === "invalid_key" ? `key ${show(issue.path[issue.path.length - 1])} ${issue.issues[0]?.message ?? "is not valid"}` : issue.message;
  return {
    code: "props.invalid",
    path: construct.node.path,
    field,
    found: show(found),
    message: `${construct.constructor.name} '${construct.node.id}': ${field} ${why.replace(/^Invalid input: /, "")}.`,
    fix: expected,
  };
}

function describeExpected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `Remove ${issue.keys.map((k) => show(k)).join(", ")}; see the props' TSDoc for what is accepted.`;
    case "invalid_type":
      return `Give a value of type ${issue.expected}.`;
    case "too_small":
      return `Give a value of at least ${String(issue.minimum)}.`;
    case "too_big":
      return `Give a value of at most ${String(issue.maximum)}.`;
    case "invalid_key":
      return "Rename the key; see the props' TSDoc for the names accepted.";
    case "invalid_value":
      return `Use one of ${issue.values.map((v) => show(v)).join(", ")}.`;
    case "custom":
      return typeof issue.params?.expected === "string" ? `Give ${issue.params.expected}.` : "See the props' TSDoc for the accepted shape.";
    default:
      return "See the props' TSDoc for the accepted shape.";
  }
}

/** A `Size` or `Duration` schema that also rejects zero (no platform accepts a 0-byte limit or a 0 ms deadline). */
export function positive<T extends { toBytes(): number } | { toMillis(): number }>(schema: z.ZodType<T>, what = "be more than zero"): z.ZodType<T> {
  return schema.refine((v) => ("toBytes" in v ? v.toBytes() : v.toMillis()) > 0, `must ${what}`) as unknown as z.ZodType<T>;
}

/**
 * How messages name the value classes every construct takes, with an example of making one.
 * Written out rather than taken from `cls.name`: a bundler renames classes (`_Size`), and a
 * class name alone does not say how to make a value.
 */
const VALUE_CLASSES: ReadonlyMap<unknown, string> = new Map<unknown, string>([
  [Size, "a Size, e.g. Size.mebibytes(64)"],
  [Duration, "a Duration, e.g. Duration.seconds(30)"],
]);

/**
 * A prop that must be an instance of `cls` (a class with a private constructor: Size, Duration,
 * Image, Secret...). A wrong value reads `must be <expected>` and the fix `Give <expected>.`;
 * `expected` defaults to the wording for Size and Duration.
 * @param expected what to give, starting with an article: `"a Secret, e.g. Secret.fromConfig(\"dbPassword\")"`
 */
export function instance<T>(cls: { readonly prototype: T }, expected?: string): z.ZodType<T> {
  const what = expected ?? VALUE_CLASSES.get(cls) ?? "a value made with this prop type's factories (see its TSDoc)";
  return z.custom<T>((v) => v instanceof (cls as unknown as new () => T), { message: `must be ${what}`, params: { expected: what } });
}
