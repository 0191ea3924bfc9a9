import { describe, expect, it } from "vitest";
import { Config, ConfigValue } from "../../../sdk/constructs/config.ts";
import { catchBerthError } from "../../support/berth-error.ts";

describe("Config", () => {
  it("makes an env value that refers to a stack config key", () => {
    const v = Config.value("mode");
    expect(v).toBeInstanceOf(ConfigValue);
    expect(v.key).toBe("mode");
    expect(String(v)).toBe("[config:mode]");
  });

  it("makes config files from a stack key or from literal text", () => {
    const fromKey = Config.fromConfig("nginx.conf");
    expect([fromKey.key, fromKey.text, fromKey.name]).toEqual(["nginx.conf", undefined, "nginx.conf"]);
    const literal = Config.fromText("motd", "hello");
    expect([literal.key, literal.text, literal.name]).toEqual([undefined, "hello", "motd"]);
  });

  it("fails a malformed key with config.key and an example", () => {
    expect(catchBerthError(() => Config.value("has space")).issues).toEqual([
      {
        code: "config.key",
        path: "Config",
        field: "key",
        found: '"has space"',
        message: 'Config key "has space" is not valid.',
        fix: 'Use letters, digits, ".", "_", ":" or "-", e.g. Config.value("mode").',
      },
    ]);
    expect(catchBerthError(() => Config.fromText("", "x")).code).toBe("config.key");
  });
});
