/**
 * Resolving the placeholders lowering leaves in the inputs (providers/fargate/names.ts): the
 * account (STS), `<vpc>` (the target subnets' VPC, or the default VPC), and the ARNs or ids AWS
 * assigns when an object is created (a secret's suffixed ARN, a Cloud Map service, the load
 * balancer and its target groups, an EFS file system). The engine fills a {@link Resolution} as it
 * observes and creates objects; an input is resolved just before it is sent.
 */

/** What the placeholders of one stack stand for. */
export interface Resolution {
  account: string;
  vpc: string;
  vpcCidr: string;
  /** The subnets tasks and the load balancer use. */
  subnets: string[];
  /** Security group ids by desired id (`#sg:backend`). */
  readonly groups: Map<string, string>;
  /** Real values by placeholder text (a placeholder ARN, `<efs:token>`), resolved once known. */
  readonly values: Map<string, string>;
  /** The ARN of the current (Berth's) revision of each task definition family. */
  readonly revisions: Map<string, string>;
}

/** An empty resolution. */
export function newResolution(): Resolution {
  return { account: "<account>", vpc: "<vpc>", vpcCidr: "", subnets: [], groups: new Map(), values: new Map(), revisions: new Map() };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replaces every known placeholder in a string; an ARN key matches only as a whole (not `shop/db` inside `shop/db_password`). */
export function resolveText(text: string, r: Resolution): string {
  let out = text;
  for (const key of [...r.values.keys()].sort((a, b) => b.length - a.length)) {
    if (!out.includes(key)) continue;
    out = out.replace(new RegExp(`${escape(key)}(?![A-Za-z0-9_/+=.@-])`, "g"), r.values.get(key)!);
  }
  return out.replaceAll("<account>", r.account).replaceAll("<vpc>", r.vpc);
}

/** A value with every string resolved (objects and arrays copied). */
export function resolveDeep<T>(value: T, r: Resolution): T {
  if (typeof value === "string") return resolveText(value, r) as T;
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, r)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, r)])) as T;
  return value;
}

/** True while a resolved text still holds a placeholder (an object it names does not exist yet). */
export function unresolved(text: string): boolean {
  return /<(account|vpc|efs:|cloud-map:|alb:|tg:)[^>]*>/.test(text);
}
