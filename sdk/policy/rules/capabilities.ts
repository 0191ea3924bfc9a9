/** Linux capability names as the sec.* rules compare and show them. */

/** Renders a list as it would be written in a construct prop: `["NET_RAW"]`. */
export function renderList(items: readonly string[]): string {
  return JSON.stringify(items);
}

/** A Linux capability name in canonical form: upper case, without the `CAP_` prefix. */
export function capName(cap: string): string {
  const up = cap.trim().toUpperCase();
  return up.startsWith("CAP_") ? up.slice(4) : up;
}
