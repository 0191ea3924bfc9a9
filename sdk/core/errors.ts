/**
 * Errors as data. Every user-facing failure in Berth is a {@link BerthIssue}: a stable `code`,
 * the construct `path`, the `field`, the value `found`, a `message` and a `fix`.
 */

/** One problem found in a stack program, a graph or a live system. */
export interface BerthIssue {
  /** Stable machine-readable code, e.g. `props.invalid`, `config.missing`. */
  readonly code: string;
  /** Construct path, e.g. `shop/Shop/web`. */
  readonly path: string;
  /** Field path inside the construct's props, e.g. `resources.memory`. */
  readonly field?: string;
  /** The offending value, rendered for humans. */
  readonly found?: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix?: string;
}

/** An exception that carries one or more {@link BerthIssue}s. Never shows a stack trace to users. */
export class BerthError extends Error {
  readonly issues: readonly BerthIssue[];
  constructor(issues: BerthIssue | readonly BerthIssue[]) {
    const list = Array.isArray(issues) ? (issues as readonly BerthIssue[]) : [issues as BerthIssue];
    super(list.map(formatIssue).join("\n"));
    this.name = "BerthError";
    this.issues = list;
  }
  /** The first issue's code (convenient in tests). */
  get code(): string {
    return this.issues[0]?.code ?? "unknown";
  }
}

/** Renders a value for an error message: strings quoted, objects as compact JSON. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Renders one issue in the house format. */
export function formatIssue(i: BerthIssue): string {
  const where = i.field ? `${i.path}  (field: ${i.field}${i.found !== undefined ? `, found: ${i.found}` : ""})` : i.path;
  return [`✖ [${i.code}] ${i.message}`, `  → at ${where}`, ...(i.fix ? [`  Fix: ${i.fix}`] : [])].join("\n");
}
