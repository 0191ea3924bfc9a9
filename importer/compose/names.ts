/**
 * Names a person would write: camelCase variables from compose names, unique in the program
 * and never a reserved word; config keys in camelCase from variable names.
 */

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await stack config fromCompose fromHome resolve homedir readFileSync".split(" "),
);

/** `mongo-init-replica` → `mongoInitReplica`, `POSTGRES_PASSWORD` → `postgresPassword`. */
export function camelCase(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const joined = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
  const safe = /^[0-9]/.test(joined) ? `_${joined}` : joined;
  return safe || "item";
}

/** Hands out unique variable names: a clash gets the kind as suffix (`dbVolume`), then a number. */
export class NameTable {
  private readonly used = new Set<string>();
  take(base: string, kind: string): string {
    const first = camelCase(base);
    const candidates = [first, `${first}${kind}`];
    for (const c of candidates) if (!this.used.has(c) && !RESERVED.has(c)) return this.claim(c);
    for (let i = 2; ; i++) if (!this.used.has(`${first}${kind}${i}`)) return this.claim(`${first}${kind}${i}`);
  }
  private claim(name: string): string {
    this.used.add(name);
    return name;
  }
}

/** A stack name Berth accepts (lower-case letters, digits, '-'), from a compose project name. */
export function stackName(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
  return /^[a-z0-9]/.test(s) ? s : `app${s ? `-${s}` : ""}`;
}
