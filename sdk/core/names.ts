/**
 * Derives a DNS- and Docker-safe name from a node id: lower case, every run of other
 * characters becomes one '-'. `Shop/web_api` → `shop-web-api`.
 */
export function nameFromId(id: string): string {
  const n = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return n || "x";
}
