import { BerthError, show } from "../core/errors.ts";

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/**
 * Non-secret configuration from the stack (12-factor #3). `Config.value("mode")` is an env
 * value resolved per stack; `Config.fromText` / `Config.fromConfig` are files mounted into a
 * workload with `configs`.
 */
export class Config {
  private constructor(
    /** Stack config key, when the content comes from the stack's config. */
    readonly key: string | undefined,
    /** Literal content, when given in code. */
    readonly text: string | undefined,
    /** Name used for the node id (`config/<name>`). */
    readonly name: string,
  ) {}

  /** A stack config value, for `env`. Missing values fail synth naming the key and the file. */
  static value(key: string): ConfigValue {
    return new ConfigValue(checkKey(key));
  }
  /** A config file whose content is the stack config value `key`. */
  static fromConfig(key: string): Config {
    return new Config(checkKey(key), undefined, key);
  }
  /** A config file with literal content, named `name`. */
  static fromText(name: string, text: string): Config {
    return new Config(undefined, String(text), checkKey(name));
  }
}

/** A reference to a stack config value, usable wherever an env value is. */
export class ConfigValue {
  constructor(readonly key: string) {}
  toString(): string {
    return `[config:${this.key}]`;
  }
}

function checkKey(key: string): string {
  if (typeof key !== "string" || !KEY.test(key)) {
    throw new BerthError({
      code: "config.key",
      path: "Config",
      field: "key",
      found: show(key),
      message: `Config key ${show(key)} is not valid.`,
      fix: 'Use letters, digits, ".", "_", ":" or "-", e.g. Config.value("mode").',
    });
  }
  return key;
}
