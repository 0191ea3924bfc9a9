import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { composePath, importError, type ComposeLocation } from "./errors.ts";
import type { Locate } from "./validate.ts";

/** One compose file, parsed: its plain value and what is needed to point at its lines. */
export interface ComposeSource {
  /** The path as given (messages show it). */
  readonly file: string;
  /** The file's data, merge keys (`<<`) applied. */
  readonly data: Record<string, unknown>;
  /** 1-based line of a compose path, or of its nearest ancestor that is in the file. */
  lineOf(path: readonly (string | number)[]): number | undefined;
  /** The location of a compose path in this file. */
  at(path: readonly (string | number)[]): ComposeLocation;
  /** Where the file uses compose's merge tags: `!reset` and `!override` (applied by mergeFiles). */
  readonly tags: MergeTags;
}

/** Compose paths tagged `!reset` (drop what earlier files set) or `!override` (replace it instead of merging). */
export interface MergeTags {
  readonly reset: readonly (readonly (string | number)[])[];
  readonly override: readonly (readonly (string | number)[])[];
}

/**
 * Reads and parses one compose file. YAML 1.1 rules where compose relies on them (merge keys);
 * anchors and aliases resolve here. Invalid YAML fails with the parser's line.
 */
export function loadSource(file: string, text = readFileSync(file, "utf8")): ComposeSource {
  const counter = new LineCounter();
  const doc = parseDocument(text, { merge: true, lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? counter.linePos(first.pos[0]).line;
    throw importError(
      { code: "import.yaml", message: `${basename(file)} is not valid YAML: ${first.message.split("\n")[0]}.`, fix: "Fix the YAML at that line (`docker-compose -f <file> config` shows the same error)." },
      { file, line, composePath: "(document)" },
    );
  }
  const tags = mergeTags(doc.contents);
  const data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw importError(
      { code: "import.schema", message: `${basename(file)} must be a mapping with a services: key.`, fix: "Start the file with `services:`." },
      { file, line: 1, composePath: "(document)" },
    );
  }
  const lineOf = (path: readonly (string | number)[]) => nodeLine(doc, counter, path);
  return { file, data: data as Record<string, unknown>, lineOf, at: (path) => ({ file, composePath: composePath(path), ...lineField(lineOf(path)) }), tags };
}

/**
 * Finds the nodes tagged `!reset` or `!override` (the compose specification's merge tags) and
 * clears the tags, which the YAML parser would otherwise report as unresolved. Other tags are
 * left to the parser.
 */
function mergeTags(root: unknown): MergeTags {
  const reset: (string | number)[][] = [];
  const override: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    const n = node as (Node & { tag?: string }) | null | undefined;
    if (!n) return;
    if (n.tag === "!reset" || n.tag === "!override") {
      (n.tag === "!reset" ? reset : override).push(path);
      n.tag = undefined;
    }
    if (isMap(n)) for (const p of n.items) walk(p.value, [...path, isScalar(p.key) ? String(p.key.value) : String(p.key)]);
    else if (isSeq(n)) n.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(root, []);
  return { reset, override };
}

function lineField(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

/** The line of the deepest node on `path` that the document has (merge keys hide some). */
function nodeLine(doc: Document, counter: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let line = rangeLine(node, counter);
  for (const seg of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      next = pair?.value ?? undefined;
      if (pair && !next) return rangeLine(pair.key, counter) ?? line;
    } else if (isSeq(node) && typeof seg === "number") next = node.items[seg];
    if (!next) return line;
    node = next;
    line = rangeLine(node, counter) ?? line;
  }
  return line;
}

function rangeLine(node: unknown, counter: LineCounter): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? counter.linePos(range[0]).line : undefined;
}

/** Points at a compose path in the last file that sets it (or most of it): later files override earlier ones. */
export function locateIn(sources: readonly ComposeSource[]): Locate {
  const depth = (s: ComposeSource, path: readonly (string | number)[]) => {
    let v: unknown = s.data;
    let n = 0;
    for (const k of path) {
      v = v && typeof v === "object" ? (v as Record<string, unknown>)[k as string] : undefined;
      if (v === undefined) break;
      n++;
    }
    return n;
  };
  return (path) => {
    let best = sources[0]!;
    for (const s of sources) if (depth(s, path) >= depth(best, path)) best = s;
    return best.at(path);
  };
}
