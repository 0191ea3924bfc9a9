import { describe, expect, it } from "vitest";
import {
  BerthError,
  Config,
  Container,
  DockerHost,
  Duration,
  Image,
  Job,
  Network,
  Secret,
  Service,
  Size,
  Stack,
  StackConfig,
  Volume,
  type Scope,
} from "../../../sdk/index.ts";
import { seededRandom } from "../../support/seeded-random.ts";

/**
 * Feeds constructors random INVALID prop sets and proves that each one fails with a typed
 * BerthError whose every issue has a code, a path under the stack and a field — never a
 * TypeError or any other crash. The PRNG is seeded, so a failure reproduces exactly.
 */

const SEED = 0x5eed_b347;
const CASES_PER_KIND = 250;
const STACK = "fz";

type Props = Record<string, unknown>;
/** A mutation sets one key to a value that is invalid on its own (`undefined` deletes it). */
type Mutation = readonly [key: string, value: unknown];
interface World {
  readonly stack: Stack;
  readonly db: Service;
  readonly net: Network;
  readonly data: Volume;
}

const WORKLOAD_MUTATIONS = (w: World): Mutation[] => [
  ["image", undefined], ["image", "nginx:1.27"], ["image", 42], ["image", {}], ["image", null], ["image", Secret.fromEnv("X")],
  ["command", "echo hi"], ["command", [1, 2]], ["command", null], ["entrypoint", "sh -c"], ["entrypoint", [{}]],
  ["workingDir", "app"], ["workingDir", 5], ["workingDir", ""],
  ["env", { "1X": "a" }], ["env", { "A-B": "a" }], ["env", { "": "a" }], ["env", { "A B": "a" }], ["env", { A: null }],
  ["env", { A: {} }], ["env", { A: [1] }], ["env", "A=1"], ["env", { A: Secret.fromConfig("pw") }], ["env", { A: Size.mebibytes(1) }],
  ["secrets", { "bad name": Secret.fromConfig("pw") }], ["secrets", { pw: "literal-password" }], ["secrets", [Secret.fromConfig("pw")]],
  ["configs", { relative: Config.fromText("c", "x") }], ["configs", { "/etc/app.conf": "text" }],
  ["ports", [0]], ["ports", [65536]], ["ports", [-80]], ["ports", [1.5]], ["ports", ["80"]], ["ports", [{ container: 0 }]],
  ["ports", [{ container: 80, published: 70000 }]], ["ports", [{ container: 80, protocol: "sctp" }]], ["ports", [{ container: 80, extra: 1 }]],
  ["ports", [{ published: 80 }]], ["ports", 80], ["ports", [{ container: 80, hostIp: "" }]],
  ["volumes", [{ hostPath: "/srv", path: "relative" }]], ["volumes", [{ volume: "data", path: "/data" }]], ["volumes", [{ hostPath: "", path: "/x" }]],
  ["volumes", [{ volume: w.data, path: "/data", readOnly: "yes" }]], ["volumes", [{ volume: w.data }]], ["volumes", ["/srv:/data"]],
  ["tmpfs", ["tmp"]], ["tmpfs", [{ path: "/tmp", size: 5 }]], ["tmpfs", [{ path: "/tmp", size: Size.bytes(0) }]], ["tmpfs", "/tmp"],
  ["networks", ["backend"]], ["networks", [{}]], ["networks", w.net], ["networks", [w.data]],
  ["healthcheck", {}], ["healthcheck", { command: [] }], ["healthcheck", { http: { port: 0 } }], ["healthcheck", { tcp: { port: 80 }, command: ["x"] }],
  ["healthcheck", { command: ["x"], retries: 0 }], ["healthcheck", { command: ["x"], interval: 5 }], ["healthcheck", { http: { port: 80, path: "healthz" } }],
  ["healthcheck", { command: "pg_isready" }], ["healthcheck", { command: ["x"], timeout: "5s" }], ["healthcheck", { command: ["x"], interval: Duration.seconds(0) }],
  ["dependsOn", ["db"]], ["dependsOn", [{ on: "db" }]], ["dependsOn", [{ on: w.db, condition: "ready" }]], ["dependsOn", [w.net]], ["dependsOn", w.db],
  ["resources", { cpu: -1 }], ["resources", { cpu: 0 }], ["resources", { cpu: "1" }], ["resources", { memory: 512 }], ["resources", { memory: Size.bytes(0) }],
  ["resources", { pids: 0 }], ["resources", { gpu: 1 }], ["resources", { cpu: 2000 }], ["resources", { memoryReservation: "256Mi" }], ["resources", { cpuReservation: Number.NaN }],
  ["user", "root user"], ["user", ""], ["user", ":1000"], ["user", 0], ["user", "1000:"],
  ["readOnlyRootFilesystem", "true"], ["readOnlyRootFilesystem", 1], ["privileged", "no"], ["init", null], ["hostNetwork", 0], ["hostPid", "false"],
  ["hostIpc", []], ["noNewPrivileges", "yes"],
  ["capabilities", { add: ["net_admin"] }], ["capabilities", { drop: "ALL" }], ["capabilities", { add: ["SYS ADMIN"] }], ["capabilities", ["ALL"]],
  ["capabilities", { keep: ["CHOWN"] }],
  ["devices", [""]], ["devices", "/dev/sda"], ["seccompProfile", ""], ["seccompProfile", false],
  ["restart", "sometimes"], ["restart", { onFailure: -1 }], ["restart", { onFailure: 1.5 }], ["restart", 3], ["restart", { always: true }],
  ["stopGracePeriod", 30], ["stopGracePeriod", "30s"], ["stopGracePeriod", Size.mebibytes(1)],
  ["logging", { driver: "" }], ["logging", { maxFiles: 0 }], ["logging", { maxSize: 10 }], ["logging", { options: { a: 1 } }], ["logging", "json-file"],
  ["update", { order: "random" }], ["update", { parallelism: -1 }], ["update", { maxFailureRatio: 2 }], ["update", { failureAction: "retry" }],
  ["update", { delay: 10 }], ["rollback", { monitor: "15s" }], ["rollback", { parallelism: 0.5 }],
  ["labels", { a: 1 }], ["labels", "team=shop"], ["labels", { team: null }],
  ["swarm", { publishMode: "bridge" }], ["swarm", { constraints: "node.role==manager" }], ["kubernetes", { serviceType: "ExternalName" }],
  ["kubernetes", { annotations: { a: 1 } }], ["fargate", { cpu: 0.5 }], ["fargate", { spot: "yes" }], ["fargate", { memory: 512 }],
  ["imagee", Image.fromRegistry("nginx:1.27")], ["env_file", ".env"], ["restartPolicy", "always"], ["constructor", 1], ["volume", "/data"],
];

const SERVICE_MUTATIONS: Mutation[] = [["replicas", -1], ["replicas", 1.5], ["replicas", "3"], ["replicas", 1001], ["replicas", Number.NaN], ["replicas", Number.POSITIVE_INFINITY], ["replicas", null]];
const JOB_MUTATIONS: Mutation[] = [
  ["deadline", Duration.seconds(0)], ["deadline", 300], ["deadline", "5m"], ["retries", -1], ["retries", 101], ["retries", 1.5], ["retries", "3"], ["replicas", 2],
];
const CONTAINER_MUTATIONS: Mutation[] = [["replicas", 1], ["deadline", Duration.minutes(1)], ["retries", 1]];
const NETWORK_MUTATIONS: Mutation[] = [
  ["internal", "yes"], ["internal", 1], ["internal", null], ["labels", { a: 1 }], ["labels", "x"], ["labels", [["a", "b"]]], ["driver", "overlay"], ["subnet", "10.0.0.0/24"], ["attachable", true],
];
const VOLUME_MUTATIONS: Mutation[] = [
  ["size", 10], ["size", "10Gi"], ["size", Size.bytes(0)], ["size", Duration.seconds(1)], ["shared", "no"], ["shared", 0], ["labels", []], ["labels", { a: false }],
  ["driver", "local"], ["hostPath", "/srv/data"], ["sizeBytes", 1024],
];
/** Whole prop values that are not an object of props at all. */
const NOT_PROPS: unknown[] = [42, "props", true, [], [{}], () => ({})];

interface Kind {
  readonly name: string;
  readonly valid: (w: World) => Props;
  readonly mutations: (w: World) => Mutation[];
  readonly make: (scope: Scope, id: string, props: Props) => unknown;
  /** `null`/`undefined` props mean "no props" for constructs whose props are all optional. */
  readonly nullIsValid: boolean;
}

const workloadBase = (w: World): Props => ({
  image: Image.fromRegistry("nginx:1.27"),
  env: { MODE: "dev" },
  ports: [{ container: 8080, published: 8080 }],
  networks: [w.net],
  resources: { cpu: 0.25, memory: Size.mebibytes(128) },
  healthcheck: { http: { port: 8080, path: "/healthz" } },
  dependsOn: [{ on: w.db, condition: "healthy" }],
});

const KINDS: Kind[] = [
  { name: "Service", valid: (w) => ({ ...workloadBase(w), replicas: 2 }), mutations: (w) => [...WORKLOAD_MUTATIONS(w), ...SERVICE_MUTATIONS], make: (s, id, p) => new Service(s, id, p as never), nullIsValid: false },
  { name: "Container", valid: workloadBase, mutations: (w) => [...WORKLOAD_MUTATIONS(w), ...CONTAINER_MUTATIONS], make: (s, id, p) => new Container(s, id, p as never), nullIsValid: false },
  { name: "Job", valid: (w) => ({ ...workloadBase(w), deadline: Duration.minutes(5), retries: 2 }), mutations: (w) => [...WORKLOAD_MUTATIONS(w), ...JOB_MUTATIONS], make: (s, id, p) => new Job(s, id, p as never), nullIsValid: false },
  { name: "Network", valid: () => ({ internal: true, labels: { tier: "data" } }), mutations: () => NETWORK_MUTATIONS, make: (s, id, p) => new Network(s, id, p as never), nullIsValid: true },
  { name: "Volume", valid: () => ({ size: Size.gibibytes(1), shared: false }), mutations: () => VOLUME_MUTATIONS, make: (s, id, p) => new Volume(s, id, p as never), nullIsValid: true },
];

function world(): World {
  const stack = new Stack(STACK, { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
  const net = new Network(stack, "net");
  const data = new Volume(stack, "data");
  const db = new Service(stack, "db", { image: Image.fromRegistry("postgres:16.4"), networks: [net], healthcheck: { command: ["pg_isready"] } });
  return { stack, db, net, data };
}

interface Case {
  readonly kind: Kind;
  readonly props: unknown;
  /** Top-level keys that were mutated; each must be named by an issue. Empty for NOT_PROPS. */
  readonly keys: readonly string[];
  readonly describe: string;
}

function generate(rand: () => number, kind: Kind, w: World): Case {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  if (rand() < 0.04) {
    const props = pick(kind.nullIsValid ? NOT_PROPS : [...NOT_PROPS, null, undefined]);
    return { kind, props, keys: [], describe: `props = ${String(props)}` };
  }
  const props = kind.valid(w);
  const all = kind.mutations(w);
  const count = 1 + Math.floor(rand() * 3);
  const applied = new Map<string, unknown>();
  for (let i = 0; i < count; i++) {
    const [key, value] = pick(all);
    applied.set(key, value);
  }
  for (const [key, value] of applied) {
    if (value === undefined) delete props[key];
    else Object.defineProperty(props, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return { kind, props, keys: [...applied.keys()], describe: [...applied.keys()].join(", ") };
}

describe("constructor fuzzing", () => {
  it(`gives a typed error with a code, a path and a field for each of ${CASES_PER_KIND * KINDS.length} random invalid prop sets, never a crash`, () => {
    const rand = seededRandom(SEED);
    let checked = 0;
    const issueCodes = new Set<string>();
    for (const kind of KINDS) {
      for (let i = 0; i < CASES_PER_KIND; i++) {
        const w = world();
        const c = generate(rand, kind, w);
        const label = `${kind.name} case ${i} (${c.describe})`;
        let thrown: unknown;
        try {
          kind.make(w.stack, "subject", c.props as Props);
        } catch (e) {
          thrown = e;
        }
        if (!(thrown instanceof BerthError)) {
          expect.fail(`${label}: expected a BerthError, got ${thrown === undefined ? "no error" : String((thrown as Error)?.stack ?? thrown)}`);
        }
        const err = thrown as BerthError;
        expect(err.issues.length, label).toBeGreaterThan(0);
        for (const issue of err.issues) {
          expect(typeof issue.code === "string" && issue.code.length > 0, `${label}: code`).toBe(true);
          expect(issue.path.startsWith(`${STACK}/`), `${label}: path ${issue.path}`).toBe(true);
          expect(typeof issue.field === "string" && issue.field.length > 0, `${label}: field`).toBe(true);
          expect(typeof issue.message, label).toBe("string");
          issueCodes.add(issue.code);
        }
        const named = new Set(err.issues.map((x) => x.field!.split(".")[0]));
        for (const key of c.keys) expect(named.has(key), `${label}: no issue names ${key}; got ${[...named].join(", ")}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(1250);
    expect([...issueCodes]).toEqual(["props.invalid"]);
  });

  it("generates the same cases for the same seed", () => {
    const a = seededRandom(SEED);
    const b = seededRandom(SEED);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });
});
