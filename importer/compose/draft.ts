import type { Ctor, Expr } from "./model.ts";

/** A service being mapped: the props collected so far, by prop name. */
export interface ServiceDraft {
  /** Compose service name (the construct id). */
  readonly name: string;
  /** `services.<name>`. */
  readonly path: string;
  ctor: Extract<Ctor, "Service" | "Job">;
  readonly props: Record<string, Expr | undefined>;
  readonly env: [string, Expr][];
  readonly secrets: [string, Expr][];
  readonly configs: [string, Expr][];
  readonly ports: Expr[];
  readonly volumes: Expr[];
  readonly tmpfs: Expr[];
  readonly resources: Record<string, Expr | undefined>;
  readonly capabilities: Record<string, Expr | undefined>;
  readonly comments: string[];
}

/** An empty draft for a compose service. */
export function newDraft(name: string): ServiceDraft {
  return { name, path: `services.${name}`, ctor: "Service", props: {}, env: [], secrets: [], configs: [], ports: [], volumes: [], tmpfs: [], resources: {}, capabilities: {}, comments: [] };
}

/** A field's compose path inside a draft's service. */
export function at(d: ServiceDraft, ...rest: (string | number)[]): string {
  return `${d.path}${rest.map((r) => (typeof r === "number" ? `[${r}]` : `.${r}`)).join("")}`;
}
