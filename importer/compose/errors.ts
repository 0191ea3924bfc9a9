import { BerthError } from "../../sdk/core/errors.ts";

/** Where in the compose input a problem is: the file, its 1-based line, and the compose path. */
export interface ComposeLocation {
  readonly file: string;
  /** 1-based line, when the path could be found in the file. */
  readonly line?: number;
  /** Compose path in the spec's dotted form, e.g. `services.web.ports[1]`. */
  readonly composePath: string;
}

/** What an import error says, beyond where it is. */
export interface ImportProblem {
  /** Stable code, `import.<what>`. */
  readonly code: string;
  readonly message: string;
  readonly fix: string;
  readonly found?: string;
}

/** Renders a location the way editors link it: `compose.yaml:12 services.web.ports[1]`. */
export function formatLocation(at: ComposeLocation): string {
  return `${at.file}${at.line ? `:${at.line}` : ""} ${at.composePath}`;
}

/**
 * The one error type of the importer: a BerthError whose path is `file:line compose.path`
 * and whose field is the compose path, so the CLI prints it like every other Berth error.
 */
export function importError(problem: ImportProblem, at: ComposeLocation): BerthError {
  return new BerthError({
    code: problem.code,
    path: formatLocation(at),
    field: at.composePath,
    ...(problem.found !== undefined ? { found: problem.found } : {}),
    message: problem.message,
    fix: problem.fix,
  });
}

/** Joins compose path segments: `["services","web","ports",1]` → `services.web.ports[1]`. */
export function composePath(segments: readonly (string | number)[]): string {
  return segments
    .map((s, i) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z0-9_-]+$/.test(s) ? `${i ? "." : ""}${s}` : `${i ? "." : ""}${JSON.stringify(s)}`))
    .join("");
}
