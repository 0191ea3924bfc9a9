import type { Construct } from "../core/construct.ts";
import { BerthError, show, type BerthIssue } from "../core/errors.ts";
import { nameFromId } from "../core/names.ts";
import type { StackConfig } from "../config/stack-config.ts";
import { emptyLock, type LockFile } from "../config/lock-file.ts";
import { z } from "zod";
import { canonicalJson, contentHash, sha256Hex } from "../graph/canonical.ts";
import { COMPILE_GRAPH_AT_NODES, COMPILE_GRAPH_AT_TOTAL_NODES, parseOptionsFor } from "../graph/parse-options.ts";
import { Graph, SCHEMA_VERSION, StackSpec, type Edge, type GraphNode, type NodeSpec } from "../graph/schema.ts";
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
  /** Hashes of value specs by canonical JSON: equal values from different objects are hashed once. */
  const hashByJson = new Map<string, string>();
  /** Node ids of registry images, by reference. */
  const registryIds = new Map<string, string>();
  /** Registers a value node (image, secret, config) once per distinct spec. */
  const registerValue = (obj: object, prefix: string, name: string, construct: string, spec: NodeSpec): string => {
    const known = byObject.get(obj);
    if (known) return known;
    const json = canonicalJson(spec);
    let hash = hashByJson.get(json);
    if (hash === undefined) {
      hash = sha256Hex(json);
      hashByJson.set(json, hash);
    }
    let id = `${prefix}/${name}`;
    for (let i = 2; valueHash.has(id) && valueHash.get(id) !== hash; i++) id = `${prefix}/${name}-${i}`;
    if (!valueHash.has(id)) {
      valueHash.set(id, hash);
      // A copy: the spec holds the value's own objects (an image's source), and the graph must not share them.
      pending.push({ id, path: `${stack.node.path}/${id}`, construct, spec: structuredClone(spec), edges: [], hash });
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
      // A registry image is a value of its reference alone (source, name and lock pin all derive
      // from it): programs create one Image per workload, so answer repeats without re-hashing.
      if (src.kind === "registry") {
        const known = registryIds.get(src.reference);
        if (known !== undefined) {
          byObject.set(image, known);
          return known;
        }
      }
      let spec: NodeSpec = { kind: "image", source: src };
      if (src.kind === "registry" && !src.ref.digest) {
        const entry = lock.images[formatImageRef(src.ref)];
        if (entry) spec = { kind: "image", source: { ...src, ref: { ...src.ref, digest: entry.digest }, pinnedBy: "lock" } };
      }
      const id = registerValue(image, "image", image.name, "Image", spec);
      if (src.kind === "registry") registryIds.set(src.reference, id);
      return id;
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
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i]!;
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
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i]!;
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
    for (let j = 0; j < p.edges.length; j++) {
      const e = p.edges[j]!;
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
      edges.push("condition" in e ? { from: p.id, to: e.to, kind: e.kind, condition: e.condition } : { from: p.id, to: e.to, kind: e.kind });
    }
  }
  if (issues.length > 0) throw new BerthError(issues);

  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Sorted by from, to, kind and condition; of equal edges the last one stays.
  edges.sort(compareEdges);
  const uniqueEdges: Edge[] = [];
  for (const e of edges) {
    const n = uniqueEdges.length;
    if (n > 0 && compareEdges(uniqueEdges[n - 1]!, e) === 0) uniqueEdges[n - 1] = e;
    else uniqueEdges.push(e);
  }
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
  return validated(graph);
}

/** Orders edges by from, to, kind, then condition (none first). */
function compareEdges(a: Edge, b: Edge): number {
  if (a.from !== b.from) return a.from < b.from ? -1 : 1;
  if (a.to !== b.to) return a.to < b.to ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  const x = a.condition ?? "";
  const y = b.condition ?? "";
  return x === y ? 0 : x < y ? -1 : 1;
}

/** {@link Graph} compiled by zod's code generator, once graphs are large enough to repay it. */
let compiledGraph: typeof Graph | undefined;
/** Nodes validated so far in this process. */
let validatedNodes = 0;

/**
 * The graph, validated against {@link Graph}. The check answers for a valid graph without
 * copying it (synth built every object fresh); an invalid one goes through `Graph.parse`, which
 * throws a ZodError naming every problem. The stack part is still parsed: it is tiny, and holds
 * user-supplied objects (target options, waivers) that must not be shared with the graph, nor
 * carry keys the schema does not know.
 */
function validated(graph: Graph): Graph {
  validatedNodes += graph.nodes.length;
  // A large graph, or many graphs, repay generating the whole validator (parse-options.ts).
  if (compiledGraph === undefined && (graph.nodes.length >= COMPILE_GRAPH_AT_NODES || validatedNodes >= COMPILE_GRAPH_AT_TOTAL_NODES)) compiledGraph = z.compile(Graph);
  // Uncompiled, zod's interpreter: generating per-object code costs a small graph more than it saves.
  const options = compiledGraph ? undefined : parseOptionsFor(graph.nodes.length);
  if (!(compiledGraph ?? Graph).validate(graph, options)) return Graph.parse(graph, options);
  return { ...graph, stack: StackSpec.parse(graph.stack, { jitless: true }) };
}

/** The construct a node id refers to, for tests and tools. */
export function findConstruct(stack: Stack, id: string): Construct | undefined {
  return stack.node.descendants().find((c) => c.node.idInStack === id);
}
