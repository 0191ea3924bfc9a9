import { describe, expect, it } from "vitest";
import { Config, DockerHost, Duration, Image, Network, Secret, Service, Size, Stack, StackConfig, Volume, synth } from "../../../sdk/index.ts";
import { catchBerthError } from "../../support/berth-error.ts";
import { workloadSpec } from "../../support/workload-spec.ts";

const newStack = () => new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({ mode: "dev", apiKey: "x" }) });

describe("Service", () => {
  it("synthesizes the full workload node of a small service with secure defaults", () => {
    const stack = newStack();
    const net = new Network(stack, "net");
    new Service(stack, "api", {
      image: Image.fromRegistry("nginx:1.27"),
      ports: [{ container: 8080, published: 9000 }],
      networks: [net],
      env: { MODE: Config.value("mode"), N: 3 },
      resources: { cpu: 0.5, memory: Size.mebibytes(256) },
      user: "10001",
      healthcheck: { http: { port: 8080, path: "/healthz" } },
    });
    const node = synth(stack).nodes.find((n) => n.id === "api");
    expect(node).toEqual({
      id: "api",
      path: "app/api",
      name: "api",
      construct: "Service",
      hash: "416a5a632aff3bed1133a2531ceac1daec651ebb66b071aef6325b9ce33dfe77",
      spec: workloadSpec({
        image: "image/nginx-1.27",
        env: { MODE: { kind: "config", key: "mode", value: "dev" }, N: { kind: "literal", value: "3" } },
        ports: [{ container: 8080, published: 9000, protocol: "tcp" }],
        networks: ["net"],
        healthcheck: { test: { kind: "http", port: 8080, path: "/healthz" }, intervalMs: 10_000, timeoutMs: 5000, retries: 3, startPeriodMs: 0 },
        resources: { cpu: 0.5, memoryBytes: 268_435_456 },
        user: "10001",
      }),
    });
  });

  it("records every secure default it fills in as Berth's, in sorted order", () => {
    const stack = newStack();
    new Service(stack, "api", { image: Image.fromRegistry("nginx:1.27") });
    expect(synth(stack).nodes.find((n) => n.id === "api")!.spec).toMatchObject({
      defaults: ["capabilities.drop", "init", "logging", "noNewPrivileges", "readOnlyRootFilesystem", "restart", "rollback", "update"],
    });
  });

  it("records no default for a field the program sets, even to the default's own value", () => {
    const stack = newStack();
    new Service(stack, "api", {
      image: Image.fromRegistry("nginx:1.27"),
      noNewPrivileges: true,
      init: true,
      capabilities: { add: ["NET_BIND_SERVICE"] },
      update: { parallelism: 1 },
    });
    const spec = synth(stack).nodes.find((n) => n.id === "api")!.spec;
    expect(spec).toMatchObject({ noNewPrivileges: true, init: true, capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] } });
    expect(spec).toMatchObject({ defaults: ["capabilities.drop", "logging", "readOnlyRootFilesystem", "restart", "rollback"] });
  });

  it("mounts secrets as 0400 files and references them by node id, with uses edges", () => {
    const stack = newStack();
    new Service(stack, "api", { image: Image.fromRegistry("nginx:1.27"), secrets: { api_key: Secret.fromConfig("apiKey") } });
    const g = synth(stack);
    expect(g.nodes.find((n) => n.id === "api")!.spec).toMatchObject({ secrets: [{ secret: "secret/apiKey", target: "api_key", mode: 0o400 }] });
    expect(g.nodes.find((n) => n.id === "secret/apiKey")!.spec).toEqual({ kind: "secret", source: { kind: "config", key: "apiKey" } });
    expect(g.edges).toContainEqual({ from: "api", to: "secret/apiKey", kind: "uses" });
  });

  it("turns a volume into stop-first updates, since its single writer must stop before the next starts", () => {
    const stack = newStack();
    const data = new Volume(stack, "data");
    new Service(stack, "db", { image: Image.fromRegistry("postgres:16.4"), volumes: [{ volume: data, path: "/var/lib/postgresql/data" }], tmpfs: ["/tmp", { path: "/run", size: Size.mebibytes(16) }] });
    const spec = synth(stack).nodes.find((n) => n.id === "db")!.spec;
    expect(spec).toMatchObject({
      volumes: [{ volume: "data", path: "/var/lib/postgresql/data", readOnly: false }],
      tmpfs: [{ path: "/tmp" }, { path: "/run", sizeBytes: 16_777_216 }],
      update: { order: "stop-first" },
      rollback: { order: "stop-first" },
    });
  });

  it("records a hostname reference and dependsOn conditions as edges", () => {
    const stack = newStack();
    const db = new Service(stack, "db", { image: Image.fromRegistry("postgres:16.4"), healthcheck: { command: ["pg_isready"] } });
    const web = new Service(stack, "web", { image: Image.fromRegistry("nginx:1.27"), env: { DB_HOST: db.hostname }, dependsOn: [{ on: db, condition: "healthy" }] });
    const cache = new Service(stack, "cache", { image: Image.fromRegistry("redis:7.4"), dependsOn: [db] });
    web.addDependency(cache);
    const g = synth(stack);
    expect(g.nodes.find((n) => n.id === "web")!.spec).toMatchObject({ env: { DB_HOST: { kind: "ref", node: "db", attribute: "hostname" } } });
    expect(g.edges.filter((e) => e.kind === "depends")).toEqual([
      { from: "cache", to: "db", kind: "depends", condition: "started" },
      { from: "web", to: "cache", kind: "depends", condition: "started" },
      { from: "web", to: "db", kind: "depends", condition: "healthy" },
    ]);
  });

  it("keeps replicas, hardening opt-outs, update settings and target options as given", () => {
    const stack = newStack();
    new Service(stack, "api", {
      image: Image.fromRegistry("nginx:1.27"),
      replicas: 3,
      readOnlyRootFilesystem: false,
      capabilities: { add: ["NET_BIND_SERVICE", "CHOWN"], drop: ["ALL"] },
      init: false,
      restart: { onFailure: 5 },
      stopGracePeriod: Duration.seconds(30),
      logging: { driver: "local", maxSize: Size.mebibytes(50), maxFiles: 5 },
      update: { parallelism: 2, delay: Duration.seconds(10), order: "stop-first" },
      swarm: { preferences: ["spread=node.labels.zone"] },
      kubernetes: { serviceType: "LoadBalancer" },
    });
    expect(synth(stack).nodes.find((n) => n.id === "api")!.spec).toMatchObject({
      replicas: 3,
      readOnlyRootFilesystem: false,
      capabilities: { add: ["CHOWN", "NET_BIND_SERVICE"], drop: ["ALL"] },
      init: false,
      restart: { policy: "on-failure", maxAttempts: 5 },
      stopGracePeriodMs: 30_000,
      logging: { driver: "local", options: { "max-size": "50m", "max-file": "5" } },
      update: { parallelism: 2, delayMs: 10_000, order: "stop-first", failureAction: "rollback", monitorMs: 15_000, maxFailureRatio: 0 },
      targetOptions: { swarm: { preferences: ["spread=node.labels.zone"] }, kubernetes: { serviceType: "LoadBalancer" } },
    });
  });

  it("fails a missing config value naming the key, the field and where to set it", () => {
    const stack = new Stack("app", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
    new Service(stack, "api", { image: Image.fromRegistry("nginx:1.27"), env: { MODE: Config.value("mode") } });
    expect(catchBerthError(() => synth(stack)).issues).toEqual([
      {
        code: "config.missing",
        path: "app/api",
        field: "env.MODE",
        found: "nothing",
        message: "Config key 'mode' has no value for stack environment 'dev'.",
        fix: "set 'mode' under config: in (in-memory config), or export BERTH_CONFIG_MODE",
      },
    ]);
  });

  it("fails with every invalid prop at once, each naming its field", () => {
    const e = catchBerthError(
      () =>
        new Service(newStack(), "api", {
          image: Image.fromRegistry("nginx:1.27"),
          replicas: -1,
          ports: [70000],
          env: { "1BAD": "x" },
          workingDir: "relative/dir",
        }),
    );
    expect(e.issues.map((i) => [i.code, i.path, i.field])).toEqual([
      ["props.invalid", "app/api", "workingDir"],
      ["props.invalid", "app/api", "env.1BAD"],
      ["props.invalid", "app/api", "ports.0"],
      ["props.invalid", "app/api", "replicas"],
    ]);
    expect(e.message).toMatchInlineSnapshot(`
      "✖ [props.invalid] Service 'api': workingDir must be an absolute path.
        → at app/api  (field: workingDir, found: "relative/dir")
        Fix: See the props' TSDoc for the accepted shape.
      ✖ [props.invalid] Service 'api': env.1BAD key "1BAD" must be a valid environment variable name.
        → at app/api  (field: env.1BAD, found: "x")
        Fix: Rename the key; see the props' TSDoc for the names accepted.
      ✖ [props.invalid] Service 'api': ports.0 Too big: expected number to be <=65535.
        → at app/api  (field: ports.0, found: 70000)
        Fix: Give a value of at most 65535.
      ✖ [props.invalid] Service 'api': replicas Too small: expected number to be >=0.
        → at app/api  (field: replicas, found: -1)
        Fix: Give a value of at least 0."
    `);
  });

  it("fails a healthcheck with both a command and an http probe", () => {
    const e = catchBerthError(() => new Service(newStack(), "api", { image: Image.fromRegistry("nginx:1.27"), healthcheck: { command: ["true"], http: { port: 80 } } }));
    expect(e.issues[0]).toMatchObject({ code: "props.invalid", field: "healthcheck", message: "Service 'api': healthcheck needs exactly one of command, http or tcp." });
  });
});
