/**
 * Test helpers for the local AWS endpoint of the moto kit (its README:
 * `export AWS_ENDPOINT_URL="$(/work/shared/moto/up.sh)"`; .ci/run starts it), and for the
 * official ECS API model the kit carries. Tests that need either call {@link requireAws} or
 * {@link ecsModel} first: they FAIL with what to do when the endpoint does not answer or the model
 * is missing, they never skip, so a CI run without them cannot pass silently.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The endpoint every AWS SDK client of the tests talks to. */
export const AWS_ENDPOINT = process.env.AWS_ENDPOINT_URL ?? "http://127.0.0.1:5055";

/** Client options for the SDK v3 clients: the local endpoint, dummy credentials, no retries (moto answers unimplemented calls with 500). */
export function awsClientConfig(region: string) {
  return { endpoint: AWS_ENDPOINT, region, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 };
}

/** The answer of the first reachability check (asked once per test process). */
let reachable: string | undefined;

/**
 * Fails (never skips) unless the AWS endpoint answers, saying how to start it. Call it at the
 * start of each test rather than in a hook, so every test that needs it is reported failed.
 */
export function requireAws(): void {
  // A child process keeps this synchronous, as the cluster check of test/support/kubernetes.ts is.
  reachable ??= (() => {
    const r = spawnSync(process.execPath, ["-e", `fetch(${JSON.stringify(AWS_ENDPOINT)} + "/moto-api/config").then((r) => process.exit(r.ok ? 0 : 3), (e) => { console.error(String(e.cause ?? e)); process.exit(2); })`], { encoding: "utf8", timeout: 10_000 });
    return r.status === 0 ? "ok" : (r.stderr.trim() || `exit ${r.status}`);
  })();
  if (reachable === "ok") return;
  throw new Error(
    [
      `The local AWS endpoint ${AWS_ENDPOINT} does not answer: ${reachable}.`,
      'These tests need the moto kit: start it with `export AWS_ENDPOINT_URL="$(MOTO_ECS_SERVICE_RUNNING=desired /work/shared/moto/up.sh)"` (.ci/run does), then rerun.',
    ].join("\n"),
  );
}

/** A botocore service model: shapes by name. */
export interface ServiceModel {
  readonly shapes: Readonly<Record<string, Shape>>;
}
/** One shape of a botocore service model (the members validation reads). */
export interface Shape {
  readonly type: string;
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, { readonly shape: string }>>;
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/** Where the moto kit unpacks (its README: `MOTO_KIT_CACHE`). */
function kitCache(): string {
  return process.env.MOTO_KIT_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "moto-kit");
}

/**
 * The official ECS API model (botocore's `ecs/2014-11-13/service-2.json`, Apache-2.0), read from
 * the moto kit's unpacked copy at test time rather than copied into the repository. Fails
 * clearly when the kit has not been unpacked yet.
 */
export function ecsModel(): ServiceModel {
  const cache = kitCache();
  const dirs = existsSync(cache) ? readdirSync(cache).filter((d) => d.startsWith("moto-")).sort() : [];
  for (const d of dirs.reverse()) {
    const file = join(cache, d, "moto", "ecs", "2014-11-13", "service-2.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as ServiceModel;
  }
  throw new Error(`The ECS API model is not unpacked under ${cache} (moto-*/moto/ecs/2014-11-13/service-2.json): run /work/shared/moto/up.sh once (.ci/run does), or set MOTO_KIT_CACHE.`);
}

/**
 * Validates a document against a shape of a service model, recursively: required members,
 * member names, types, enums and lengths. Returns one line per problem, with its path.
 */
export function validateShape(model: ServiceModel, shapeName: string, value: unknown, path = "$"): string[] {
  const shape = model.shapes[shapeName];
  if (!shape) return [`${path}: the model has no shape ${shapeName}`];
  const out: string[] = [];
  const bad = (what: string) => out.push(`${path}: ${what} (shape ${shapeName})`);
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: expected an object (shape ${shapeName})`];
      const v = value as Record<string, unknown>;
      for (const r of shape.required ?? []) if (v[r] === undefined) bad(`missing required member ${r}`);
      for (const [k, x] of Object.entries(v)) {
        const m = shape.members?.[k];
        if (!m) bad(`unknown member ${k}`);
        else out.push(...validateShape(model, m.shape, x, `${path}.${k}`));
      }
      return out;
    }
    case "list":
      if (!Array.isArray(value)) return [`${path}: expected a list (shape ${shapeName})`];
      if (shape.max !== undefined && value.length > shape.max) bad(`${value.length} items, at most ${shape.max}`);
      if (shape.min !== undefined && value.length < shape.min) bad(`${value.length} items, at least ${shape.min}`);
      value.forEach((x, i) => out.push(...validateShape(model, shape.member!.shape, x, `${path}[${i}]`)));
      return out;
    case "map":
      if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: expected a map (shape ${shapeName})`];
      for (const [k, x] of Object.entries(value)) out.push(...validateShape(model, shape.key!.shape, k, `${path}{key}`), ...validateShape(model, shape.value!.shape, x, `${path}.${k}`));
      return out;
    case "string":
      if (typeof value !== "string") return [`${path}: expected a string, found ${JSON.stringify(value)} (shape ${shapeName})`];
      if (shape.enum && !shape.enum.includes(value)) bad(`${JSON.stringify(value)} is not one of ${shape.enum.join(", ")}`);
      if (shape.max !== undefined && value.length > shape.max) bad(`longer than ${shape.max}`);
      if (shape.min !== undefined && value.length < shape.min) bad(`shorter than ${shape.min}`);
      return out;
    case "integer":
    case "long":
      return Number.isInteger(value) ? out : [`${path}: expected an integer, found ${JSON.stringify(value)} (shape ${shapeName})`];
    case "double":
    case "float":
      return typeof value === "number" ? out : [`${path}: expected a number (shape ${shapeName})`];
    case "boolean":
      return typeof value === "boolean" ? out : [`${path}: expected a boolean, found ${JSON.stringify(value)} (shape ${shapeName})`];
    default:
      return [`${path}: shape type ${shape.type} is not validated here (shape ${shapeName})`];
  }
}
