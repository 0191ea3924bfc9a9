/**
 * The one serializer of a task definition's container definitions, with the placeholders of the
 * lowering (`<account>`, `<vpc>`, `<efs:…>`, `<cloud-map:…>`, `<alb:…>`, `<tg:…>`, and ARNs of
 * secrets Berth creates, whose random suffix Secrets Manager appends) resolved. The Pulumi
 * realizer sends its result as `containerDefinitions`; Berth's engine registers the same
 * document (the lowering, resolved as it applies); the `ecs` export holds the unresolved
 * definitions, which serialize to the lowering's own text with no resolutions.
 * test/providers/fargate/pulumi-agreement.test.ts holds the three to one text.
 */
import type { ContainerDefinition } from "./api.ts";

/**
 * What placeholders resolve to. Keys in angle brackets (`<account>`) are replaced wherever they
 * occur in a string; any other key (a lowered ARN, such as a secret's) replaces a string only
 * when the whole string equals it, so `…:secret:shop/db` never rewrites `…:secret:shop/db2`.
 */
export type Resolutions = Readonly<Record<string, string>>;

/** Resolves one string: whole-value replacements first, then the bracketed tokens inside it. */
export function resolveString(text: string, resolutions: Resolutions): string {
  const whole = resolutions[text];
  if (whole !== undefined && !text.startsWith("<")) return whole;
  return text.replace(/<[a-z-]+(?::[^<>]*)?>/g, (token) => resolutions[token] ?? token);
}

/** Resolves every string of a JSON value (object keys stay as they are), keeping member order. */
export function resolvePlaceholders<T>(value: T, resolutions: Resolutions): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return resolveString(v, resolutions);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** The container definitions as the JSON text ECS takes (compact, members in lowering order), placeholders resolved. */
export function containerDefinitionsJson(definitions: readonly ContainerDefinition[], resolutions: Resolutions = {}): string {
  return JSON.stringify(resolvePlaceholders(definitions, resolutions));
}

/** The keys of `resolutions` a JSON value uses (whole strings and tokens inside strings), so a document depends only on what it names. */
export function resolutionsUsed<V>(value: unknown, resolutions: Readonly<Record<string, V>>): Record<string, V> {
  const used: Record<string, V> = {};
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (!v.startsWith("<") && v in resolutions) used[v] = resolutions[v]!;
      for (const t of v.match(/<[a-z-]+(?::[^<>]*)?>/g) ?? []) if (t in resolutions) used[t] = resolutions[t]!;
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return used;
}
