import { relative, resolve } from "node:path";
import type { TemplatePart, VariableUse } from "./interpolate.ts";
import { Ledger } from "./ledger.ts";
import { call, lit, type Expr } from "./model.ts";
import { camelCase, NameTable } from "./names.ts";
import type { ComposeProject } from "./schema.ts";

/** A stack config key the program reads, with the value written to `Pulumi.<env>.yaml`. */
export interface ConfigEntry {
  readonly key: string;
  readonly value: string;
  /** Why the key exists, as a comment in the config file. */
  readonly origin: string;
  /** The value is a secret (moved out of an env value or read by Secret.fromConfig). */
  readonly secret: boolean;
}

/** What every mapper reads and writes. */
export interface MapContext {
  readonly project: ComposeProject;
  readonly ledger: Ledger;
  readonly names: NameTable;
  /** Absolute directory of the compose project (the first file's). */
  readonly composeDir: string;
  /** Absolute directory the program is written to. */
  readonly outDir: string;
  readonly templates: ReadonlyMap<string, readonly TemplatePart[]>;
  readonly variables: ReadonlyMap<string, VariableUse>;
  /** The environment interpolation read (process env, `.env`, `--env-file`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly config: Map<string, ConfigEntry>;
  /** Variable names of declared constructs, by compose name. */
  readonly services: Map<string, string>;
  readonly networks: Map<string, string>;
  readonly volumes: Map<string, string>;
  /** Services already declared, in program order (a reference must come after its target). */
  readonly declared: Set<string>;
  /** Secret and config expressions, by top-level compose name. */
  readonly secrets: Map<string, Expr>;
  readonly configs: Map<string, Expr>;
}

/** Registers a config key (first value wins; a clash with a different value gets a prefix). */
export function configKey(ctx: MapContext, wanted: string, value: string, origin: string, secret = false, prefix = ""): string {
  let key = camelCase(wanted);
  const existing = ctx.config.get(key);
  if (existing && existing.value !== value && prefix) key = camelCase(`${prefix}_${wanted}`);
  if (!ctx.config.has(key)) ctx.config.set(key, { key, value, origin, secret });
  return key;
}

/** The config key a compose variable becomes, registered with its import-time value. */
export function variableKey(ctx: MapContext, name: string): string {
  const use = ctx.variables.get(name);
  const value = use?.value ?? use?.fallback ?? "";
  const origin = use?.value !== undefined ? `\${${name}} (its value when imported)` : use?.fallback !== undefined ? `\${${name}} (unset when imported: the compose default)` : `\${${name}} (unset when imported: set it)`;
  return configKey(ctx, name, value, origin);
}

/**
 * A string field as an expression: the literal when no variable built it, else reads of
 * stack config (`config.get(key) ?? default`) so the value stays configuration.
 */
export function stringExpr(ctx: MapContext, path: string, value: string): Expr {
  const parts = ctx.templates.get(path);
  if (!parts || parts.some((p) => typeof p !== "string" && !["", ":-", "-", ":?", "?"].includes(p.op))) return lit(value);
  const exprs = parts.map((p) => (typeof p === "string" ? p : call("config.get", lit(variableKey(ctx, p.name)), lit(ctx.variables.get(p.name)?.fallback ?? ""))));
  if (exprs.length === 1 && typeof exprs[0] !== "string") return exprs[0]!;
  return { kind: "tpl", parts: exprs };
}

/** A number field as an expression: `config.number(key, value)` when one variable is all of it. */
export function numberExpr(ctx: MapContext, path: string, value: number, whole = true): Expr {
  const parts = ctx.templates.get(path);
  const only = parts?.length === 1 && typeof parts[0] !== "string" ? parts[0] : undefined;
  if (!only || !whole) return lit(value);
  return call("config.number", lit(variableKey(ctx, only.name)), lit(value));
}

/** True when a variable built the value at `path` (it is config, not a literal). */
export function isTemplated(ctx: MapContext, path: string): boolean {
  return ctx.templates.has(path);
}

/** A compose-relative path as the program's directory sees it (build contexts, secret files). */
export function fromProgram(ctx: MapContext, path: string): string {
  const rel = relative(ctx.outDir, resolve(ctx.composeDir, path));
  return rel === "" ? "." : rel.split("\\").join("/");
}
