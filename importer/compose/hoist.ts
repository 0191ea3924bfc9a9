import type { NameTable } from "./names.ts";
import { ref, type Declaration, type Expr } from "./model.ts";

/**
 * Images and secrets several services use become one `const` each (`const mongoImage =
 * Image.fromRegistry(...)`), as a person would write them: one place to change a version or a
 * source, and the shared use is visible. `hints` names an expression (by its JSON) after what
 * the compose file called it (a secret's top-level key).
 */
export function hoistShared(declarations: readonly Declaration[], names: NameTable, hints: ReadonlyMap<string, string> = new Map()): Declaration[] {
  const counts = new Map<string, { expr: Expr; n: number }>();
  const visit = (e: Expr | undefined, f: (e: Expr) => void): void => {
    if (!e) return;
    f(e);
    if (e.kind === "arr") e.items.forEach((i) => visit(i, f));
    else if (e.kind === "obj") e.entries.forEach(([, v]) => visit(v, f));
  };
  const shareable = (e: Expr) => e.kind === "call" && /^(Image|Secret)\./.test(e.fn);
  for (const d of declarations) {
    visit(d.props, (e) => {
      if (!shareable(e)) return;
      const key = JSON.stringify(e);
      const c = counts.get(key) ?? { expr: e, n: 0 };
      c.n++;
      counts.set(key, c);
    });
  }
  const hoisted = new Map<string, Declaration>();
  for (const [key, { expr, n }] of counts) {
    if (n < 2 || expr.kind !== "call") continue;
    hoisted.set(key, { name: names.take(hints.get(key) ?? baseName(expr), expr.fn.startsWith("Image") ? "Image" : "Secret"), ctor: "const", id: "", props: expr, comments: [] });
  }
  if (!hoisted.size) return [...declarations];
  const replace = (e: Expr): Expr => {
    const h = hoisted.get(JSON.stringify(e));
    if (h) return ref(h.name);
    if (e.kind === "arr") return { ...e, items: e.items.map(replace) };
    if (e.kind === "obj") return { ...e, entries: e.entries.map(([k, v]) => [k, replace(v)] as const) };
    return e;
  };
  const rewritten = declarations.map((d) => (d.props ? { ...d, props: replace(d.props) } : d));
  const firstWorkload = rewritten.findIndex((d) => d.ctor === "Service" || d.ctor === "Job");
  const at = firstWorkload < 0 ? rewritten.length : firstWorkload;
  return [...rewritten.slice(0, at), ...hoisted.values(), ...rewritten.slice(at)];
}

/** `Image.fromRegistry("spkane/mongo:3.2")` → `mongoImage`; `Secret.fromFile("db/password.txt")` → `password`. */
function baseName(e: Expr & { kind: "call" }): string {
  const arg = e.args[0];
  const text = arg?.kind === "lit" ? String(arg.value) : arg?.kind === "obj" ? String((arg.entries.find(([k]) => k === "context")?.[1] as { value?: string } | undefined)?.value ?? "app") : "shared";
  const last = text.replace(/[:@].*$/, "").replace(/\/+$/, "").split("/").pop() ?? text;
  const stem = last.replace(/\.[a-z]+$/i, "") || "app";
  return e.fn.startsWith("Image") ? `${stem}Image` : stem;
}
