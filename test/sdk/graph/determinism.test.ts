import { describe, expect, it } from "vitest";
import { Config, DockerHost, Duration, Image, Job, Network, Secret, Service, Size, Stack, StackConfig, Volume, synth } from "../../../sdk/index.ts";
import { canonicalJson, canonicalJsonPretty, contentHash } from "../../../sdk/graph/canonical.ts";

const config = () => StackConfig.from({ mode: "dev", dbPassword: "pw" });

/** A small program; `order` decides in which order the unrelated top-level constructs are made. */
function program(order: "forward" | "reverse" = "forward", tweak?: { webCpu?: number }): Stack {
  const stack = new Stack("app", { environment: "dev", target: new DockerHost(), config: config() });
  const makers: (() => void)[] = [];
  let db: Service | undefined;
  const net = new Network(stack, "net");
  makers.push(() => {
    const data = new Volume(stack, "data", { size: Size.gibibytes(1) });
    db = new Service(stack, "db", {
      image: Image.fromRegistry("postgres:16.4"),
      secrets: { pw: Secret.fromConfig("dbPassword") },
      volumes: [{ volume: data, path: "/data" }],
      networks: [net],
      healthcheck: { command: ["pg_isready"], interval: Duration.seconds(5) },
    });
  });
  makers.push(() => {
    new Service(stack, "cache", { image: Image.fromRegistry("redis:7.4"), networks: [net], resources: { cpu: 0.1 } });
  });
  makers.push(() => {
    new Job(stack, "report", { image: Image.fromRegistry("busybox:1.36"), command: ["true"], env: { MODE: Config.value("mode") } });
  });
  for (const m of order === "forward" ? makers : [...makers].reverse()) m();
  new Service(stack, "web", {
    image: Image.fromBuild({ context: "./web" }),
    env: { DB_HOST: db!.hostname, MODE: Config.value("mode") },
    dependsOn: [{ on: db!, condition: "healthy" }],
    networks: [net],
    resources: { cpu: tweak?.webCpu ?? 0.25, memory: Size.mebibytes(128) },
  });
  return stack;
}

describe("determinism", () => {
  it("gives byte-identical canonical JSON for the same program built twice", () => {
    const a = canonicalJsonPretty(synth(program()));
    const b = canonicalJsonPretty(synth(program()));
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1000);
  });

  it("gives the same bytes when synthesizing one stack twice", () => {
    const stack = program();
    expect(canonicalJson(synth(stack))).toBe(canonicalJson(synth(stack)));
  });

  it("does not depend on the construction order of unrelated constructs", () => {
    expect(canonicalJson(synth(program("reverse")))).toBe(canonicalJson(synth(program("forward"))));
  });

  it("numbers distinct images that share a name in construction order, so only that order matters", () => {
    const ids = (first: string, second: string) => {
      const stack = new Stack("app", { environment: "dev", target: new DockerHost(), config: config() });
      new Service(stack, "a", { image: Image.fromRegistry(first) });
      new Service(stack, "b", { image: Image.fromRegistry(second) });
      const g = synth(stack);
      return g.nodes.filter((n) => n.spec.kind === "service").map((n) => [n.id, (n.spec as { image: string }).image]);
    };
    expect(ids("acme/web:1", "other/web:1")).toEqual([["a", "image/web-1"], ["b", "image/web-1-2"]]);
    expect(ids("other/web:1", "acme/web:1")).toEqual([["a", "image/web-1"], ["b", "image/web-1-2"]]);
  });

  it("sorts nodes by id and edges by from, to, kind and condition", () => {
    const g = synth(program("reverse"));
    const ids = g.nodes.map((n) => n.id);
    expect(ids).toEqual([...ids].sort());
    const keys = g.edges.map((e) => `${e.from}\u0000${e.to}\u0000${e.kind}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("writes object keys in sorted order with no undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [{ z: 1, y: 2 }] } })).toBe('{"a":{"c":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJsonPretty({ b: 1, a: 2 })).toBe('{\n  "a": 2,\n  "b": 1\n}\n');
  });
});

describe("content hashes", () => {
  it("hashes each node's spec with sha256 over its canonical JSON", () => {
    for (const n of synth(program()).nodes) expect(n.hash).toBe(contentHash(n.spec));
    expect(contentHash({ b: 1, a: 2 })).toBe(contentHash({ a: 2, b: 1 }));
  });

  it("changes exactly the hash of the node whose spec changed", () => {
    const before = new Map(synth(program()).nodes.map((n) => [n.id, n.hash]));
    const after = new Map(synth(program("forward", { webCpu: 0.5 })).nodes.map((n) => [n.id, n.hash]));
    const changed = [...before.keys()].filter((id) => before.get(id) !== after.get(id));
    expect(changed).toEqual(["web"]);
    expect([...after.keys()]).toEqual([...before.keys()]);
  });

  it("changes the hash of a config-driven node when only the config value changes", () => {
    const before = synth(program());
    const after = synth(program(), { config: StackConfig.from({ mode: "staging", dbPassword: "pw" }) });
    const changed = before.nodes.filter((n, i) => n.hash !== after.nodes[i]!.hash).map((n) => n.id);
    expect(changed).toEqual(["report", "web"]);
  });
});

describe("canonicalJson", () => {
  it("writes exactly the bytes of JSON.stringify over a key-sorted copy", () => {
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortKeys)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
          : v;
    const samples: unknown[] = [
      synth(program()),
      { s: 'quote " and \u2028 line sep', n: [1.5, -0, 1e21, Number.NaN, Number.POSITIVE_INFINITY], u: undefined, f: () => 1, a: [undefined, () => 1, null, true] },
      "top", 42, null, [], {},
    ];
    for (const v of samples) expect(canonicalJson(v)).toBe(JSON.stringify(sortKeys(v)));
  });
});
