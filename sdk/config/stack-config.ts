import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** Where a config value was found, for messages. */
export interface ConfigLookup {
  readonly value: string | undefined;
  /** Set when the value is a Pulumi `secure:` blob Berth cannot decrypt. */
  readonly encrypted: boolean;
}

/**
 * A stack's configuration (12-factor #3): the `config:` map of `Pulumi.<stack>.yaml` (keys
 * `<project>:<key>` or plain `<key>`), overridden by environment variables
 * `BERTH_CONFIG_<KEY>` (upper case, non-alphanumerics as `_`).
 */
export class StackConfig {
  constructor(
    private readonly values: Readonly<Record<string, unknown>>,
    /** Pulumi project name (from Pulumi.yaml), used as the key namespace. */
    readonly project: string | undefined,
    /** The file the values came from, for messages. */
    readonly file: string,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    /**
     * Set when the values come from a stack directory's files and the process environment
     * alone, so reading them again (another process, later) gives the same lookups.
     */
    readonly origin?: { readonly dir: string; readonly environment: string },
  ) {}

  /** Config given in code (tests, programs that build config themselves). */
  static from(values: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>> = {}): StackConfig {
    return new StackConfig(values, undefined, "(in-memory config)", env);
  }

  /**
   * Loads `Pulumi.<environment>.yaml` (and `Pulumi.yaml` for the project) from a stack directory.
   * @param env overrides are read from here @default process.env
   */
  static load(dir: string, environment: string, env?: Readonly<Record<string, string | undefined>>): StackConfig {
    const project = existsSync(join(dir, "Pulumi.yaml"))
      ? ((parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as { name?: string } | null)?.name ?? undefined)
      : undefined;
    const file = join(dir, `Pulumi.${environment}.yaml`);
    const doc = existsSync(file) ? ((parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null) ?? {}) : {};
    return new StackConfig(doc.config ?? {}, project, file, env ?? process.env, env === undefined ? { dir, environment } : undefined);
  }

  /** The environment variable that overrides `key`. */
  static envName(key: string): string {
    return `BERTH_CONFIG_${key.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}`;
  }

  /** Looks a key up: env override first, then `<project>:<key>`, then `<key>`. */
  lookup(key: string): ConfigLookup {
    const fromEnv = this.env[StackConfig.envName(key)];
    if (fromEnv !== undefined) return { value: fromEnv, encrypted: false };
    const raw = this.project && `${this.project}:${key}` in this.values ? this.values[`${this.project}:${key}`] : this.values[key];
    if (raw === undefined || raw === null) return { value: undefined, encrypted: false };
    if (typeof raw === "object" && raw !== null && "secure" in raw) return { value: undefined, encrypted: true };
    return { value: typeof raw === "string" ? raw : JSON.stringify(raw), encrypted: false };
  }

  /** True when the key has a value (plain or encrypted). */
  has(key: string): boolean {
    const l = this.lookup(key);
    return l.value !== undefined || l.encrypted;
  }

  /** A value or undefined. */
  get(key: string): string | undefined {
    return this.lookup(key).value;
  }

  /** A numeric value, or the default. */
  number(key: string, fallback: number): number {
    const v = this.get(key);
    return v === undefined || Number.isNaN(Number(v)) ? fallback : Number(v);
  }

  /** Where to set a key, for messages. */
  whereToSet(key: string): string {
    return `set '${this.project ? `${this.project}:` : ""}${key}' under config: in ${this.file}, or export ${StackConfig.envName(key)}`;
  }
}
