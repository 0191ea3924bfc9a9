import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCompose } from "../../importer/compose/index.ts";
import { catchBerthError } from "../support/berth-error.ts";
import { BERTH_BIN } from "../support/docker.ts";
import { projectDir } from "./project-files.ts";

/** The issue an import of `text` fails with, its file shown as `compose.yaml`. */
function failure(text: string) {
  const dir = projectDir({ "compose.yaml": text });
  const e = catchBerthError(() => importCompose({ files: [join(dir, "compose.yaml")], outDir: join(dir, "out"), env: {} }));
  const issue = e.issues[0]!;
  return { ...issue, path: issue.path.replace(`${dir}/`, "") };
}

describe("bad compose input fails with the file, line and compose path, and writes nothing", () => {
  it("reports invalid YAML at the parser's line", () => {
    expect(failure("services:\n  web:\n    image: nginx\n   ports: [80\n")).toEqual({
      code: "import.yaml",
      path: "compose.yaml:4 (document)",
      field: "(document)",
      message: "compose.yaml is not valid YAML: All mapping items must start at the same column.",
      fix: "Fix the YAML at that line (`docker-compose -f <file> config` shows the same error).",
    });
  });

  it("reports a schema violation at the offending item", () => {
    expect(failure("services:\n  web:\n    image: nginx:1.27\n    ports:\n      - 80\n      - { published: 8080 }\n")).toEqual({
      code: "import.schema",
      path: "compose.yaml:6 services.web.ports[1]",
      field: "services.web.ports[1]",
      found: '{"published":8080}',
      message: "services.web.ports[1] is not valid.",
      fix: "Write it as the compose specification describes it (`docker-compose -f <file> config` checks it too).",
    });
  });

  it("reports a field of the wrong type", () => {
    expect(failure("services:\n  web:\n    image: nginx:1.27\n    read_only: maybe\n")).toEqual({
      code: "import.schema",
      path: "compose.yaml:4 services.web.read_only",
      field: "services.web.read_only",
      found: '"maybe"',
      message: "services.web.read_only must be a boolean.",
      fix: "Write it as the compose specification describes it (`docker-compose -f <file> config` checks it too).",
    });
  });

  it("reports a depends_on naming no service", () => {
    expect(failure("services:\n  web:\n    image: nginx:1.27\n    depends_on: [db, cache]\n  db:\n    image: postgres:16.4\n")).toEqual({
      code: "import.depends-on",
      path: "compose.yaml:4 services.web.depends_on[1]",
      field: "services.web.depends_on[1]",
      found: '"cache"',
      message: "Service web depends on cache, which is not a service of this project.",
      fix: "Define a service cache, or remove it from depends_on (services: db, web).",
    });
  });

  it("reports a dependency cycle with its path", () => {
    expect(failure("services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on:\n      c: { condition: service_started }\n  c:\n    image: x:1\n    depends_on: [a]\n")).toEqual({
      code: "import.cycle",
      path: "compose.yaml:4 services.a.depends_on",
      field: "services.a.depends_on",
      message: "depends_on forms a cycle: a → b → c → a.",
      fix: "Remove one of these dependencies; a service cannot wait for itself.",
    });
  });

  it("reports an interpolation error where the variable is used", () => {
    expect(failure("services:\n  web:\n    image: nginx:1.27\n    environment:\n      - A=ok\n      - URL=${HOST:?the database host}\n")).toEqual({
      code: "import.interpolation",
      path: "compose.yaml:6 services.web.environment[1]",
      field: "services.web.environment[1]",
      message: "Variable HOST is required: the database host.",
      fix: "Set HOST in the environment, in .env next to the compose file, or in a file passed with --env-file.",
    });
  });

  it("reports an image reference Docker would refuse", () => {
    expect(failure("services:\n  web:\n    image: Nginx:1.27\n")).toEqual({
      code: "import.value",
      path: "compose.yaml:3 services.web.image",
      field: "services.web.image",
      found: '"Nginx:1.27"',
      message: 'services.web.image: Image reference "Nginx:1.27" is not valid: the repository must be lowercase letters, digits and separators.',
      fix: "Write the value as the compose specification describes it.",
    });
  });

  it("exits 1 from the CLI with the error and leaves no output directory", () => {
    const dir = projectDir({ "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n" });
    const r = spawnSync(process.execPath, [BERTH_BIN, "import", join(dir, "compose.yaml"), "--out", join(dir, "out")], { encoding: "utf8" });
    expect([r.status, r.stdout, r.stderr]).toEqual([
      1,
      "",
      `✖ [import.depends-on] Service web depends on db, which is not a service of this project.\n  → at ${dir}/compose.yaml:4 services.web.depends_on[0]  (field: services.web.depends_on[0], found: "db")\n  Fix: Define a service db, or remove it from depends_on (services: web).\n`,
    ]);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
