import { composePath, importError } from "./errors.ts";
import type { ComposeSource } from "./source.ts";

/** One piece of an interpolated string: literal text or a variable reference. */
export type TemplatePart = string | VariableRef;

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}`... as written. */
export interface VariableRef {
  readonly name: string;
  /** The modifier: none, `:-`/`-` (default), `:?`/`?` (required), `:+`/`+` (alternative). */
  readonly op: "" | ":-" | "-" | ":?" | "?" | ":+" | "+";
  /** The default, error text or alternative, itself interpolated. */
  readonly arg?: string;
}

/** A variable the project read, with what it resolved to. */
export interface VariableUse {
  readonly name: string;
  /** The value from the environment, `.env` or `--env-file`; undefined when unset. */
  readonly value: string | undefined;
  /** The first default written for it (`${NAME:-default}`), if any. */
  readonly fallback?: string;
  /** Compose paths that read it. */
  readonly paths: string[];
}

/** The result of interpolating one file. */
export interface Interpolated {
  readonly data: Record<string, unknown>;
  /** Compose path → the template of each string that named a variable. */
  readonly templates: Map<string, TemplatePart[]>;
  readonly variables: Map<string, VariableUse>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Interpolates every string of a compose file (values, not keys, as the spec says), keeping
 * each template so the mapper can turn variables into stack config instead of baked values.
 */
export function interpolate(source: ComposeSource, env: Readonly<Record<string, string | undefined>>, into?: Map<string, VariableUse>): Interpolated {
  const templates = new Map<string, TemplatePart[]>();
  const variables = into ?? new Map<string, VariableUse>();
  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === "string") {
      const parts = parseTemplate(value, () => source.at(path));
      if (!parts.some((p) => typeof p !== "string")) return parts.join("");
      const where = composePath(path);
      templates.set(where, parts);
      return resolveParts(parts, env, (ref) => {
        const use = variables.get(ref.name) ?? { name: ref.name, value: env[ref.name], paths: [] };
        if (!use.paths.includes(where)) use.paths.push(where);
        const withFallback = use.fallback === undefined && (ref.op === ":-" || ref.op === "-") && ref.arg !== undefined ? { ...use, fallback: ref.arg } : use;
        variables.set(ref.name, withFallback);
      }, (ref) => {
        throw importError(
          { code: "import.interpolation", message: `Variable ${ref.name} is required: ${ref.arg || "it is unset"}.`, fix: `Set ${ref.name} in the environment, in .env next to the compose file, or in a file passed with --env-file.` },
          source.at(path),
        );
      });
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    return value;
  };
  return { data: walk(source.data, []) as Record<string, unknown>, templates, variables };
}

/** Splits a string into literal text and variable references; `$$` is a literal `$`. */
export function parseTemplate(text: string, at: () => import("./errors.ts").ComposeLocation): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  const bad = (why: string): never => {
    throw importError({ code: "import.interpolation", message: `Invalid interpolation in ${JSON.stringify(text)}: ${why}.`, fix: "Write ${NAME}, ${NAME:-default}, ${NAME:?error}, or $$ for a literal $." }, at());
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c !== "$") {
      literal += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      literal += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const end = matchingBrace(text, i + 1);
      if (end < 0) bad("a ${ is never closed");
      const body = text.slice(i + 2, end);
      const name = NAME.exec(body)?.[0];
      if (!name) bad(`\${${body}} does not start with a variable name`);
      const rest = body.slice(name!.length);
      const op = /^(:-|-|:\?|\?|:\+|\+)?/.exec(rest)![0] as VariableRef["op"];
      if (rest.length > 0 && op === "") bad(`\${${body}} has ${JSON.stringify(rest)} after the name`);
      if (literal) parts.push(literal);
      literal = "";
      parts.push(op ? { name: name!, op, arg: rest.slice(op.length) } : { name: name!, op });
      i = end + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (!name) {
      literal += "$";
      i++;
      continue;
    }
    if (literal) parts.push(literal);
    literal = "";
    parts.push({ name, op: "" });
    i += 1 + name.length;
  }
  if (literal) parts.push(literal);
  return parts;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === "{") depth++;
    else if (text[j] === "}" && --depth === 0) return j;
  }
  return -1;
}

/** Resolves parts against the environment with compose's rules; `seen` records each use. */
export function resolveParts(
  parts: readonly TemplatePart[],
  env: Readonly<Record<string, string | undefined>>,
  seen: (ref: VariableRef) => void,
  required: (ref: VariableRef) => never,
): string {
  return parts
    .map((p) => {
      if (typeof p === "string") return p;
      seen(p);
      const v = env[p.name];
      const arg = () => resolveParts(parseTemplate(p.arg ?? "", () => ({ file: "", composePath: "" })), env, seen, required);
      switch (p.op) {
        case "":
          return v ?? "";
        case ":-":
          return v ? v : arg();
        case "-":
          return v ?? arg();
        case ":?":
          return v ? v : required(p);
        case "?":
          return v ?? required(p);
        case ":+":
          return v ? arg() : "";
        case "+":
          return v !== undefined ? arg() : "";
      }
    })
    .join("");
}
