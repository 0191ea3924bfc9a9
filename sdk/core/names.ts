const NOT_NAME = /[^a-z0-9]+/g;
const EDGE_DASHES = /^-+|-+$/g;

/**
 * Derives a DNS- and Docker-safe name from a node id: lower case, every run of other
 * characters becomes one '-'. `Shop/web_api` → `shop-web-api`.
 */
export function nameFromId(id: string): string {
  const n = id.toLowerCase().replace(NOT_NAME, "-").replace(EDGE_DASHES, "");
  return n || "x";
}
