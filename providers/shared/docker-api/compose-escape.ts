/**
 * Compose files (docker compose, docker-compose, `docker stack deploy`) interpolate `$VAR` and
 * `${VAR}` in every string value. An export holds values already decided, so a literal `$`
 * (a shell `$(cat /run/secrets/x)` in a healthcheck, a `$HOME` in a command) is written as `$$`,
 * which compose reads back as one `$`.
 */

/** A deep copy of `value` with every `$` in its string values doubled. Keys are left as they are. */
export function escapeInterpolation<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("$", "$$$$") as T;
  if (Array.isArray(value)) return value.map((v: unknown) => escapeInterpolation(v)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeInterpolation(v)])) as T;
  }
  return value;
}
