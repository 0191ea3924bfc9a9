import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCompose } from "../../importer/compose/index.ts";
import { catchBerthError } from "../support/berth-error.ts";
import { projectDir } from "./project-files.ts";

/** A shared project another team keeps next to the app: a database with its own files and .env. */
const COMMONS = {
  "commons/compose.yaml": `
name: commons
services:
  db:
    image: postgres:\${PG_VERSION}
    build: ./db
    env_file: ./db.env
    volumes:
      - ./init:/docker-entrypoint-initdb.d:ro
      - { type: bind, source: ./conf/pg.conf, target: /etc/pg.conf }
      - data:/var/lib/postgresql/data
    secrets: [dbPassword]
volumes:
  data: {}
secrets:
  dbPassword:
    file: ./password.txt
`,
  "commons/.env": "PG_VERSION=16.4\nDB_PORT=5432\n",
  "commons/db.env": "POSTGRES_DB=shop\n",
  "commons/password.txt": "s3cret\n",
};

const APP = `
services:
  web:
    image: nginx:1.27
    depends_on: [db]
`;

function importIn(files: Record<string, string>, main = "app/compose.yaml", env: Record<string, string> = {}) {
  const dir = projectDir(files);
  return { dir, result: importCompose({ files: [join(dir, main)], outDir: join(dir, "out"), env, name: "shop" }) };
}

function failure(files: Record<string, string>) {
  const dir = projectDir(files);
  const issue = catchBerthError(() => importCompose({ files: [join(dir, "app/compose.yaml")], outDir: join(dir, "out"), env: {} })).issues[0]!;
  return { ...issue, path: issue.path.replace(`${dir}/`, ""), message: issue.message.replaceAll(`${dir}/`, "") };
}

describe("compose's include: brings another project's resources into the import", () => {
  it("copies an included file's services, volumes and secrets in, with its relative paths from its own directory and variables from its own .env", () => {
    const { result } = importIn({ ...COMMONS, "app/compose.yaml": `include:\n  - ../commons/compose.yaml\n${APP}` });
    expect(Object.keys(result.project.services)).toEqual(["web", "db"]);
    expect(result.project.services.db).toEqual({
      image: "postgres:16.4",
      build: "../commons/db",
      env_file: "../commons/db.env",
      volumes: ["../commons/init:/docker-entrypoint-initdb.d:ro", { type: "bind", source: "../commons/conf/pg.conf", target: "/etc/pg.conf" }, "data:/var/lib/postgresql/data"],
      secrets: ["dbPassword"],
    });
    expect(result.project.secrets).toEqual({ dbPassword: { file: "../commons/password.txt" } });
    expect(result.project.name).toBeUndefined();
    expect(result.files["index.ts"]).toContain('Secret.fromFile("../commons/password.txt")');
    expect(result.files["index.ts"]).toContain("dependsOn: [db]");
    expect(result.config).toEqual({ pgVersion: "16.4" });
    expect(result.report.entries[0]).toEqual({
      path: "include[0]",
      status: "transformed",
      note: "../commons/compose.yaml loaded as a project of its own (relative paths from ../commons, variables from ../commons/.env under this project's environment); its resources became part of this program: services.db, volumes.data, secrets.dbPassword",
      fix: "Nothing to do: the program holds the included resources itself, so later edits of the included files do not reach it (import again, or edit the program).",
    });
    expect(result.report.entries.some((e) => e.path === "include" && e.status === "not mapped")).toBe(false);
  });

  it("lets the importing project's environment win over the included project's env file", () => {
    const { result } = importIn({ ...COMMONS, "app/compose.yaml": `include:\n  - ../commons/compose.yaml\n${APP}` }, "app/compose.yaml", { PG_VERSION: "15.8" });
    expect(result.project.services.db?.image).toBe("postgres:15.8");
  });

  it("reads the long form: a list of files merged in order, project_directory and env_file", () => {
    const { result } = importIn({
      ...COMMONS,
      "commons/dev.env": "PG_VERSION=17.0\n",
      "app/commons.override.yaml": "services:\n  db:\n    ports: ['\${DB_PORT:-5432}:5432']\n",
      "app/compose.yaml": `include:\n  - path: [../commons/compose.yaml, ./commons.override.yaml]\n    project_directory: ../commons\n    env_file: [../commons/.env, ../commons/dev.env]\n${APP}`,
    });
    expect(result.project.services.db?.image).toBe("postgres:17.0");
    expect(result.project.services.db?.ports).toEqual(["5432:5432"]);
    // project_directory is where the override's relative paths start too.
    expect(result.project.services.db?.build).toBe("../commons/db");
  });

  it("applies an included project's own include: relative to that project", () => {
    const { result } = importIn({
      ...COMMONS,
      "commons/compose.yaml": `include: [./cache/compose.yaml]\n${COMMONS["commons/compose.yaml"]}`,
      "commons/cache/compose.yaml": "services:\n  cache:\n    image: redis:7.2\n    volumes: ['./redis.conf:/etc/redis.conf']\n",
      "app/compose.yaml": `include:\n  - ../commons/compose.yaml\n${APP}`,
    });
    expect(Object.keys(result.project.services)).toEqual(["web", "db", "cache"]);
    expect(result.project.services.cache?.volumes).toEqual(["../commons/cache/redis.conf:/etc/redis.conf"]);
    expect(result.report.entries.filter((e) => e.path.startsWith("include"))).toHaveLength(1);
    expect(result.report.entries[0]?.note).toContain("services.cache");
  });

  it("accepts the same resource included twice with one definition", () => {
    const { result } = importIn({ ...COMMONS, "app/compose.yaml": `include:\n  - ../commons/compose.yaml\n  - path: ../commons/compose.yaml\n${APP}` });
    expect(Object.keys(result.project.services)).toEqual(["web", "db"]);
  });

  it("fails on a service both the project and the included file define, pointing at the include entry", () => {
    expect(failure({ ...COMMONS, "app/compose.yaml": `include:\n  - ../commons/compose.yaml\n${APP}  db:\n    image: postgres:16.4\n` })).toEqual({
      code: "import.include-conflict",
      path: "app/compose.yaml:2 include[0]",
      field: "include[0]",
      found: "services.db",
      message: "services.db is defined by this project and, differently, by the included ../commons/compose.yaml; compose does not merge an included resource into a local one.",
      fix: "Rename one of them, or change the included one with an override file listed after it in this entry's path: (path: [../commons/compose.yaml, ./db.override.yaml]).",
    });
  });

  it("points an error in an included file at that file's line", () => {
    expect(failure({ ...COMMONS, "commons/compose.yaml": "services:\n  db:\n    image: postgres:16.4\n    ports:\n      - { published: 5432 }\n", "app/compose.yaml": `include:\n  - ../commons/compose.yaml\n${APP}` })).toMatchObject({
      code: "import.schema",
      path: "commons/compose.yaml:5 services.db.ports[0]",
      message: "services.db.ports[0] is not valid.",
    });
  });

  it("fails on an include cycle, a missing file and an entry of the wrong shape", () => {
    expect(failure({ "app/compose.yaml": `include: [./b.yaml]\n${APP}`, "app/b.yaml": "include: [./compose.yaml]\nservices:\n  db:\n    image: postgres:16.4\n" })).toMatchObject({
      code: "import.include",
      path: "app/b.yaml:1 include[0]",
      message: "include: forms a cycle: compose.yaml → b.yaml → compose.yaml.",
    });
    expect(failure({ "app/compose.yaml": `include: [../nowhere/compose.yaml]\n${APP}` })).toMatchObject({
      code: "import.include",
      path: "app/compose.yaml:1 include[0]",
      message: "The included file ../nowhere/compose.yaml does not exist.",
    });
    expect(failure({ "app/compose.yaml": `include:\n  - file: ../commons/compose.yaml\n${APP}` })).toMatchObject({ code: "import.include", path: "app/compose.yaml:2 include[0]" });
  });
});
