/** Host paths as the sec.* rules compare them. */

/** A host path in canonical absolute form (`/var/run/` → `/var/run`); relative paths stay relative. */
export function normalizeHostPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  const joined = parts.join("/");
  return p.startsWith("/") ? `/${joined}` : joined;
}
