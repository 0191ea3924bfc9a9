import { readFileSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { at, type ServiceDraft } from "./draft.ts";
import { parseEnvFile } from "./env-file.ts";
import { configKey, isTemplated, stringExpr, type MapContext } from "./map-context.ts";
import { toMap } from "./merge.ts";
import type { TemplatePart } from "./interpolate.ts";
import { HOST_ENV } from "./hosts.ts";
import { call, lit, type Expr } from "./model.ts";

/** Env names whose values are credentials: they become secrets, never literals in code. */
export const SENSITIVE = /(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH_KEY)$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `environment` and `env_file`: literals stay literals, `${VAR}` values become stack config,
 * names without a value read config too, and values that look like credentials move to
 * config as `Secret.fromConfig`, mounted as a file with `<NAME>_FILE` pointing at it (the
 * convention of the official database images), because Berth never puts secrets in env.
 */
export function mapEnvironment(ctx: MapContext, d: ServiceDraft, environment: unknown, envFile: unknown): void {
  const fromFiles = envFiles(ctx, d, envFile);
  const explicit = toMap(environment ?? {});
  const isList = Array.isArray(environment);
  const all: [string, unknown, string][] = [
    ...Object.entries(fromFiles).map(([k, v]): [string, unknown, string] => [k, v, at(d, "env_file")]),
    ...Object.entries(explicit).map(([k, v], i): [string, unknown, string] => [k, v, isList ? at(d, "environment", i) : at(d, "environment", k)]),
  ];
  const merged = new Map(all.map((e) => [e[0], e]));
  // In list form a template covers `NAME=value`: keep only the value's part.
  if (isList) for (const [name, , path] of merged.values()) stripName(ctx, path, name);
  let plain = 0;
  for (const [name, value, path] of merged.values()) {
    if (!ENV_NAME.test(name)) {
      ctx.ledger.notMapped(path, `${name} is not a name Berth accepts for an environment variable`, "Rename it to letters, digits and '_', or set it in the image.");
      continue;
    }
    if (value === null || value === undefined) {
      const key = configKey(ctx, name, ctx.env[name] ?? "", `${d.name}: ${name} was taken from the shell environment${ctx.env[name] === undefined ? " (unset when imported: set it)" : ""}`, false, d.name);
      d.env.push([name, call("Config.value", lit(key))]);
      ctx.ledger.transformed(path, `${name} had no value (compose reads the shell's): it reads config key ${key}`, `Set ${key} in the stack's config.`);
      continue;
    }
    const text = String(value);
    if (SENSITIVE.test(name) && !/_FILE$/i.test(name) && text !== "") {
      const key = sensitiveKey(ctx, d, name, path, text);
      const file = name.toLowerCase();
      d.secrets.push([file, call("Secret.fromConfig", lit(key))]);
      d.env.push([`${name}_FILE`, lit(`/run/secrets/${file}`)]);
      ctx.ledger.transformed(
        path,
        `${name} looks like a credential: its value moved to config key ${key} (a secret), mounted at /run/secrets/${file}; ${name}_FILE names that file`,
        `Make the app read ${name}_FILE (official postgres, mysql and mariadb images do), and set ${key} as a secret (\`pulumi config set --secret ${key}\` or BERTH_CONFIG_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}).`,
        true,
      );
      continue;
    }
    if (typeof value === "string" && HOST_ENV.test(name) && ctx.declared.has(value) && !isTemplated(ctx, path)) {
      d.env.push([name, { kind: "hostname", of: ctx.services.get(value)! }]);
      ctx.ledger.transformed(path, `the host name of service ${value} became ${ctx.services.get(value)}.hostname, a graph reference each target resolves`, "Nothing to do.");
      continue;
    }
    const endpoint = typeof value === "string" && !isTemplated(ctx, path) ? endpointOf(ctx, value) : undefined;
    if (endpoint) {
      const key = configKey(ctx, name, text, `${d.name}: ${name} (${endpoint})`, false, d.name);
      d.env.push([name, call("Config.value", lit(key))]);
      ctx.ledger.transformed(path, `${endpoint}: the value moved to config key ${key}, set per environment (12-factor: attached resources are config)`, `Set ${key} for each environment.`);
      continue;
    }
    d.env.push([name, envValue(ctx, path, value)]);
    plain++;
  }
  if (plain > 0 && environment !== undefined) ctx.ledger.mapped(at(d, "environment"), "env (literals; ${VAR} values read stack config)");
}

function sensitiveKey(ctx: MapContext, d: ServiceDraft, name: string, path: string, text: string): string {
  const parts = ctx.templates.get(path);
  const only = parts?.length === 1 && typeof parts[0] !== "string" ? parts[0] : undefined;
  if (only) return configKey(ctx, only.name, ctx.env[only.name] ?? only.arg ?? "", `\${${only.name}}`, true);
  return configKey(ctx, name, text, `${d.name}: ${name}, a literal in the compose file`, true, d.name);
}

function envValue(ctx: MapContext, path: string, value: unknown): Expr {
  if (typeof value === "number" || typeof value === "boolean") return isTemplated(ctx, path) ? stringExpr(ctx, path, String(value)) : lit(value);
  const parts = ctx.templates.get(path);
  const only = parts?.length === 1 && typeof parts[0] !== "string" ? parts[0] : undefined;
  if (only && (only.op === "" || only.op === ":-" || only.op === "-")) {
    const e = stringExpr(ctx, path, String(value));
    const key = e.kind === "call" && e.args[0]?.kind === "lit" ? String(e.args[0].value) : undefined;
    if (key) return call("Config.value", lit(key));
  }
  return stringExpr(ctx, path, String(value));
}

function envFiles(ctx: MapContext, d: ServiceDraft, envFile: unknown): Record<string, string> {
  if (envFile === undefined) return {};
  const list = (Array.isArray(envFile) ? envFile : [envFile]).map((f) => (typeof f === "string" ? { path: f, required: true } : (f as { path: string; required?: boolean })));
  const out: Record<string, string> = {};
  list.forEach((f, i) => {
    const file = resolve(ctx.composeDir, f.path);
    const path = Array.isArray(envFile) ? at(d, "env_file", i) : at(d, "env_file");
    if (!existsSync(file)) {
      ctx.ledger.notMapped(path, `${f.path} does not exist, so its variables could not be read`, `Create ${f.path} and import again, or add its variables to env in index.ts.`);
      return;
    }
    Object.assign(out, parseEnvFile(readFileSync(file, "utf8"), file));
    ctx.ledger.transformed(path, `the variables of ${f.path} became env entries (credential-like ones secrets)`, "Keep editing them in index.ts or the stack config; the env file is no longer read.");
  });
  return out;
}

/**
 * Why an env value is an endpoint, when it is: a URL, or `host:port` / a URL naming another
 * service of the project. Such values differ per environment, so they become config.
 */
function endpointOf(ctx: MapContext, value: string): string | undefined {
  const services = Object.keys(ctx.project.services);
  const host = (s: string) => s.replace(/[.]/g, "\\.");
  // A bare name is not enough (a room, a queue may share it): it needs a port or a URL around it.
  const named = services.find((s) => new RegExp(`((//|@)${host(s)}(:\\d+)?|^${host(s)}:\\d+)(/|$)`).test(value));
  if (named) return `an address of service ${named}`;
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) return "a URL";
  return undefined;
}

function stripName(ctx: MapContext, path: string, name: string): void {
  const parts = ctx.templates.get(path);
  const first = parts?.[0];
  if (!parts || typeof first !== "string" || !first.startsWith(`${name}=`)) return;
  const rest = first.slice(name.length + 1);
  (ctx.templates as Map<string, readonly TemplatePart[]>).set(path, rest ? [rest, ...parts.slice(1)] : parts.slice(1));
}
