import type { Expr, Fn, ProgramModel } from "./model.ts";

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const WIDTH = 110;

/** The TypeScript of a program model: what a person would write for the same stack. */
export function emitProgram(model: ProgramModel, options: { sdk: string; sources: readonly string[] }): string {
  const body = model.declarations.map((d) => {
    if (d.ctor === "const") return [...d.comments.map((c) => `// ${c}`), `const ${d.name} = ${expr(d.props!, 0)};`].join("\n");
    const args = [`stack`, JSON.stringify(d.id), ...(d.props ? [expr(d.props, 0)] : [])];
    return [...d.comments.map((c) => `// ${c}`), `const ${d.name} = new ${d.ctor}(${args.join(", ")});`].join("\n");
  });
  const text = body.join("\n");
  const uses = (s: string) => new RegExp(`\\b${s.replace(".", "\\.")}\\b`).test(text);
  const sdk = ["DockerHost", "Stack", ...["Config", "Duration", "Image", "Job", "Network", "Secret", "Service", "Size", "Volume"].filter((n) => uses(`${n}`) && (text.includes(`${n}.`) || text.includes(`new ${n}(`)))].sort();
  const node = [
    ...(uses("fromCompose") ? ['import { resolve } from "node:path";'] : []),
    ...(uses("fromHome") ? ['import { homedir } from "node:os";', ...(uses("fromCompose") ? [] : ['import { resolve } from "node:path";'])] : []),
    ...(uses("readFileSync") ? ['import { readFileSync } from "node:fs";'] : []),
  ].sort();
  const helpers = [
    ...(uses("config") ? ["const config = stack.config;"] : []),
    ...(uses("fromCompose") || uses("readFileSync")
      ? ["/** A path in the compose project, which stays where it is. */", `const fromCompose = (path: string): string => resolve(import.meta.dirname, ${JSON.stringify(model.composeDir)}, path);`]
      : []),
    ...(uses("fromHome") ? ["/** A path under the home directory of whoever deploys (`~/` in compose). */", "const fromHome = (path: string): string => resolve(homedir(), path);"] : []),
  ];
  return [
    `// Imported by \`berth import\` from ${options.sources.join(", ")}. IMPORT.md lists every compose field: mapped, transformed (how) or not mapped (why).`,
    ...node,
    `import { ${sdk.join(", ")} } from ${JSON.stringify(options.sdk)};`,
    "",
    `const stack = new Stack(${JSON.stringify(model.stackName)}, { environment: ${JSON.stringify(model.environment)}, target: new DockerHost() });`,
    ...helpers,
    "",
    body.join("\n\n"),
    "",
    "export default stack;",
    "",
  ].join("\n");
}

/** One expression, indented for `depth`; short objects and lists stay on one line. */
export function expr(e: Expr, depth: number): string {
  const flat = inline(e);
  if (flat.length + depth * 2 <= WIDTH && !flat.includes("\n")) return flat;
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  switch (e.kind) {
    case "obj":
      return `{\n${e.entries.map(([k, v]) => `${pad}${key(k)}: ${expr(v, depth + 1)},`).join("\n")}\n${end}}`;
    case "arr":
      return `[\n${e.items.map((v) => `${pad}${expr(v, depth + 1)},`).join("\n")}\n${end}]`;
    case "call":
      if (e.fn === "config.get" || e.fn === "readText") return flat;
      return `${callee(e.fn)}(${e.args.map((a) => expr(a, depth)).join(", ")})`;
    default:
      return flat;
  }
}

function inline(e: Expr): string {
  switch (e.kind) {
    case "lit":
      return typeof e.value === "string" ? JSON.stringify(e.value) : String(e.value);
    case "arr":
      return `[${e.items.map(inline).join(", ")}]`;
    case "obj":
      return e.entries.length ? `{ ${e.entries.map(([k, v]) => `${key(k)}: ${inline(v)}`).join(", ")} }` : "{}";
    case "ref":
      return e.name;
    case "hostname":
      return `${e.of}.hostname`;
    case "tpl":
      return `\`${e.parts.map((p) => (typeof p === "string" ? p.replace(/[`\\]/g, "\\$&").replace(/\$\{/g, "\\${") : `\${${inline(p)}}`)).join("")}\``;
    case "call":
      if (e.fn === "config.get") return `config.get(${inline(e.args[0]!)}) ?? ${inline(e.args[1]!)}`;
      if (e.fn === "readText") return `readFileSync(fromCompose(${inline(e.args[0]!)}), "utf8")`;
      return `${callee(e.fn)}(${e.args.map(inline).join(", ")})`;
  }
}

function callee(fn: Fn): string {
  return fn;
}

function key(k: string): string {
  return IDENT.test(k) ? k : JSON.stringify(k);
}
