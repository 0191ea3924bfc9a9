import { z } from "zod";
import type { Construct } from "../core/construct.ts";
import { BerthError, show, type BerthIssue } from "../core/errors.ts";

export { z };

/**
 * Validates constructor props against a zod schema. Every problem becomes a
 * {@link BerthIssue} naming the construct path and the field; all are reported at once.
 */
export function parseProps<T>(construct: Construct, schema: z.ZodType<T>, props: unknown): T {
  const r = schema.safeParse(props ?? {});
  if (r.success) return r.data;
  throw new BerthError(r.error.issues.map((i) => propIssue(construct, i, props)));
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
  const found = valueAt(props, issue.path);
  const expected = describeExpected(issue);
  return {
    code: "props.invalid",
    path: construct.node.path,
    field,
    found: show(found),
    message: `${construct.constructor.name} '${construct.node.id}': ${field} ${issue.message.replace(/^Invalid input: /, "")}.`,
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
    case "invalid_value":
      return `Use one of ${issue.values.map((v) => show(v)).join(", ")}.`;
    default:
      return "See the props' TSDoc for the accepted shape.";
  }
}

/** `z.instanceof` for classes with private constructors (Size, Duration, Image, Secret...). */
export function instance<T>(cls: { readonly prototype: T; readonly name: string }, message?: string): z.ZodType<T> {
  return z.custom<T>((v) => v instanceof (cls as unknown as new () => T), { message: message ?? `must be a ${cls.name}` });
}
