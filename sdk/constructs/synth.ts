import type { Construct } from "../core/construct.ts";
import { BerthError, show, type BerthIssue } from "../core/errors.ts";
import { nameFromId } from "../core/names.ts";
import type { StackConfig } from "../config/stack-config.ts";
import { emptyLock, type LockFile } from "../config/lock-file.ts";
import { contentHash } from "../graph/canonical.ts";
import { Graph, SCHEMA_VERSION, type Edge, type GraphNode, type NodeSpec } from "../graph/schema.ts";
import type { Config } from "./config.ts";
import { formatImageRef, type Image } from "./image.ts";
import { Resource, type SynthContext } from "./resource.ts";
import type { Secret } from "./secret.ts";
import type { Stack } from "./stack.ts";

/** Options of {@link synth}. */
export interface SynthOptions {
  /** @default - the stack's own config */
  readonly config?: StackConfig;
  /** Pins for registry images. @default - an empty lock (nothing pinned unless inline) */
  readonly lock?: LockFile;
}

interface Pending {
  id: string;
  path: string;
  construct: string;
  spec: NodeSpec;
  edges: Omit<Edge, "from">[];
  /** The spec's content hash, when already computed. */
  hash?: string;
}

/**
 * Synthesizes a stack into the portable graph. Validates cross-references and config, collects
 * every problem, and throws one {@link BerthError} listing them all. Deterministic: the same
 * program, config and lock give the same bytes.
 */
export function synth(stack: Stack, options: SynthOptions = {}): Graph {
  const config = options.config ?? stack.config;
  const lock = options.lock ?? emptyLock();
  const issues: BerthIssue[] = [];
  const pending: Pending[] = [];
  const byObject = new Map<object, string>();

  /** Hash of each registered value node, by id (each spec is hashed once). */
  const valueHash = new Map<string, string>();
  /** Registers a value node (image, secret, config) once per distinct spec. */
  const registerValue = (obj: object, prefix: string, name: string, construct: string, spec: NodeSpec): string => {
    const known = byObject.get(obj);
    if (known) return known;
    const hash = contentHash(spec);
    let id = `${prefix}/${name}`;
    for (let i = 2; valueHash.has(id) && valueHash.get(id) !== hash; i++) id = `${prefix}/${name}-${i}`;
    if (!valueHash.has(id)) {
      valueHash.set(id, hash);
      pending.push({ id, path: `${stack.node.path}/${id}`, construct, spec, edges: [], hash });
    }
    byObject.set(obj, id);
    return id;
  };

  const ctx: SynthContext = {
    configValue(key, at, field) {
      const l = config.lookup(key);
      if (l.value !== undefined) return l.value;
      issues.push({
        code: "config.missing",
        path: at.node.path,
        field,
        found: l.encrypted ? "an encrypted (secure:) value" : "nothing",
        message: `Config key '${key}' has no ${l.encrypted ? "plain " : ""}value for stack environment '${stack.environment}'.`,
        fix: config.whereToSet(key),
      });
      return "";
    },
    image(image: Image) {
      const src = image.source;
      let spec: NodeSpec = { kind: "image", source: src };
      if (src.kind === "registry" && !src.ref.digest) {
        const entry = lock.images[formatImageRef(src.ref)];
        if (entry) spec = { kind: "image", source: { ...src, ref: { ...src.ref, digest: entry.digest }, pinnedBy: "lock" } };
      }
      return registerValue(image, "image", image.name, "Image", spec);
    },
    secret(secret: Secret, at, field) {
      // Reported once per secret, at its first use: the fix is the same for every user.
      if (!byObject.has(secret) && secret.source.kind === "config" && !config.has(secret.source.key)) {
        issues.push({
          code: "secret.missing",
          path: at.node.path,
          field,
          found: secret.toString(),
          message: `Secret config key '${secret.source.key}' is not set for stack environment '${stack.environment}'.`,
          fix: config.whereToSet(secret.source.key),
        });
      }
      return registerValue(secret, "secret", secret.name, "Secret", { kind: "secret", source: secret.source });
    },
    config(c: Config, at, field) {
      const content = c.key !== undefined ? ctx.configValue(c.key, at, field) : (c.text ?? "");
      return registerValue(c, "config", c.name, "Config", { kind: "config", content, ...(c.key ? { key: c.key } : {}) });
    },
    report(issue) {
      issues.push(issue);
    },
  };

  const resources = stack.node.descendants().filter((c): c is Resource => c instanceof Resource);
  stack.node.lock();
  try {
    for (const r of resources) {
      try {
        const out = r.synthesize(ctx);
        pending.push({ id: r.node.idInStack, path: r.node.path, construct: r.constructor.name, spec: out.spec, edges: [...(out.edges ?? [])] });
      } catch (e) {
        if (e instanceof BerthError) issues.push(...e.issues);
        else throw e;
      }
    }
  } finally {
    stack.node.lock(false);
  }

  const ids = new Set(pending.map((p) => p.id));
  const names = new Map<string, string>();
  const nodes: GraphNode[] = [];
  const edges: Edge[] = [];
  for (const p of pending) {
    const name = nameFromId(p.id);
    const clash = names.get(name);
    if (clash) {
      issues.push({
        code: "graph.name-clash",
        path: p.path,
        field: "id",
        found: show(p.id),
        message: `'${p.id}' and '${clash}' both become the name '${name}' on the platform.`,
        fix: "Rename one of the constructs so their ids differ by more than case or punctuation.",
      });
    }
    names.set(name, p.id);
    nodes.push({ id: p.id, path: p.path, name, construct: p.construct, hash: p.hash ?? contentHash(p.spec), spec: p.spec });
    for (const e of p.edges) {
      if (!ids.has(e.to)) {
        issues.push({
          code: "graph.refs-resolve",
          path: p.path,
          field: e.kind === "depends" ? "dependsOn" : "reference",
          found: show(e.to),
          message: `'${p.id}' refers to '${e.to}', which is not part of stack '${stack.name}'.`,
          fix: "Create the referenced construct inside this stack (constructs of another stack cannot be referenced).",
        });
      }
      edges.push({ from: p.id, ...e });
    }
  }
  if (issues.length > 0) throw new BerthError(issues);

  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Keys are computed once per edge, not once per comparison: graphs have thousands of edges.
  const edgeKey = (e: Edge) => `${e.from}\u0000${e.to}\u0000${e.kind}\u0000${e.condition ?? ""}`;
  const uniqueEdges = [...new Map(edges.map((e) => [edgeKey(e), e])).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => e);
  const graph: Graph = {
    schemaVersion: SCHEMA_VERSION,
    stack: {
      name: stack.name,
      environment: stack.environment,
      profile: stack.profile,
      target: stack.target.toSpec(),
      labels: { ...stack.labels },
      registryAllowlist: [...stack.registryAllowlist],
      requiredLabels: [...stack.requiredLabels],
      suppressions: [...stack.policy.waivers, ...stack.portability.acknowledgements],
      waiversDisabled: stack.policy.waiversDisabled,
    },
    nodes,
    edges: uniqueEdges,
  };
  return Graph.parse(graph);
}

/** The construct a node id refers to, for tests and tools. */
export function findConstruct(stack: Stack, id: string): Construct | undefined {
  return stack.node.descendants().find((c) => c.node.idInStack === id);
}
