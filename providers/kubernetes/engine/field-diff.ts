/**
 * Field paths for Kubernetes plans: where two versions of an object differ, and which fields of
 * a live object another field manager set (its `managedFields`). Paths read like
 * `spec.template.spec.containers[app].env[GREETING].value`: list items with a `name` are named,
 * others numbered. Values are never part of a path, so a Secret's data stays unprinted.
 */
import { FIELD_MANAGER, type KubeObject } from "./client.ts";

/** Metadata the server or Berth's bookkeeping writes: never a reason for a change. */
const BOOKKEEPING = new Set(["resourceVersion", "generation", "uid", "creationTimestamp", "managedFields", "selfLink"]);
/** Annotations that are bookkeeping too (the spec hash changes with every change; controllers note revisions). */
const BOOKKEEPING_ANNOTATIONS = new Set(["berth.spec-hash", "deployment.kubernetes.io/revision"]);

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** How an item of a list is named in a path: `[name]` when it has one, else `[index]`. */
function itemKey(item: Json, index: number): string {
  return isObject(item) && typeof item.name === "string" ? item.name : String(index);
}

/** Leaf paths where `a` and `b` differ (`a` live, `b` desired or dry-run). */
function diff(a: Json, b: Json, path: string, out: string[]): void {
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = (l: Json[]) => new Map(l.map((x, i) => [itemKey(x, i), x]));
    const ma = named(a);
    const mb = named(b);
    for (const k of new Set([...ma.keys(), ...mb.keys()])) diff(ma.get(k), mb.get(k), `${path}[${k}]`, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path);
}

/** The parts of an object a change is about: metadata without bookkeeping, and everything but `status`. */
function comparable(o: KubeObject): Record<string, Json> {
  const { status: _status, metadata, ...rest } = o as KubeObject & { status?: unknown };
  void _status;
  const meta: Record<string, Json> = {};
  for (const [k, v] of Object.entries(metadata)) if (!BOOKKEEPING.has(k)) meta[k] = v;
  if (isObject(meta.annotations)) meta.annotations = Object.fromEntries(Object.entries(meta.annotations).filter(([k]) => !BOOKKEEPING_ANNOTATIONS.has(k)));
  return { ...rest, metadata: meta };
}

/** The field paths where `next` (a server-side dry-run of the desired object) differs from `live`. */
export function changedFields(live: KubeObject, next: KubeObject): string[] {
  const out: string[] = [];
  diff(comparable(live), comparable(next), "", out);
  return out.sort();
}

/**
 * The field paths `desired` declares with another value than `live` has (fields the live object
 * has and `desired` does not declare are not compared: the server defaults them).
 */
export function declaredFields(live: KubeObject, desired: KubeObject): string[] {
  const out: string[] = [];
  const walk = (l: Json, d: Json, path: string) => {
    // The server stores no empty list, empty map or false it was given: absent is the same.
    if (l === undefined && (d === false || (Array.isArray(d) && d.length === 0) || (isObject(d) && Object.keys(d).length === 0))) return;
    if (isObject(d)) {
      if (!isObject(l)) return void out.push(path);
      for (const k of Object.keys(d)) walk(l[k], d[k], path ? `${path}.${k}` : k);
    } else if (Array.isArray(d)) {
      if (!Array.isArray(l) || l.length !== d.length) return void out.push(path);
      d.forEach((x, i) => walk(l[i], x, `${path}[${itemKey(x, i)}]`));
    } else if (JSON.stringify(l) !== JSON.stringify(d)) out.push(path);
  };
  walk(comparable(live), comparable(desired), "");
  return out.sort();
}

/** One field manager other than Berth that set fields of an object, with those fields. */
export interface ForeignManager {
  readonly manager: string;
  readonly paths: readonly string[];
}

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: Record<string, Json>;
}

/** `f:spec` → `spec`, `k:{"name":"app"}` → `[app]`, `v:"x"` → `[x]`, `i:0` → `[0]`. */
function segment(key: string): string {
  if (key.startsWith("f:")) return `.${key.slice(2)}`;
  const body = key.slice(2);
  if (key.startsWith("k:")) {
    try {
      const k = JSON.parse(body) as Record<string, Json>;
      return `[${typeof k.name === "string" ? k.name : Object.values(k).join(",")}]`;
    } catch {
      return `[${body}]`;
    }
  }
  return `[${body.replace(/^"|"$/g, "")}]`;
}

/** The leaf paths of a `fieldsV1` set. */
function leafPaths(set: Record<string, Json>, prefix: string, out: string[]): void {
  const keys = Object.keys(set).filter((k) => k !== ".");
  if (keys.length === 0) return void out.push(prefix.replace(/^\./, ""));
  for (const k of keys) leafPaths((set[k] ?? {}) as Record<string, Json>, `${prefix}${segment(k)}`, out);
}

/**
 * The managers other than Berth that set fields of the object, with the paths they own: what
 * changed it out of band (`kubectl scale`, `kubectl edit`, another controller). Status
 * subresources and bookkeeping are not.
 */
export function foreignManagers(o: KubeObject): ForeignManager[] {
  const entries = ((o.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? []).filter((m) => m.manager !== FIELD_MANAGER && m.subresource !== "status");
  const found: ForeignManager[] = [];
  for (const m of entries) {
    const paths: string[] = [];
    leafPaths(m.fieldsV1 ?? {}, "", paths);
    const relevant = paths.filter((p) => !p.startsWith("status") && ![...BOOKKEEPING_ANNOTATIONS].some((a) => p === `metadata.annotations.${a}`));
    if (relevant.length) found.push({ manager: m.manager ?? "(unknown manager)", paths: relevant });
  }
  return found;
}

/** The managers whose fields overlap `path` (one is a prefix of the other). */
export function managersOf(path: string, managers: readonly ForeignManager[]): string[] {
  const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
  return [...new Set(managers.filter((m) => m.paths.some((p) => overlaps(p, path))).map((m) => m.manager))].sort();
}
