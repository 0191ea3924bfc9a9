import { describe, expect, it } from "vitest";
import { importCompose } from "../../importer/compose/index.ts";
import { projectDir } from "./project-files.ts";

const BASE = `
x-common: &common
  restart: unless-stopped
  labels:
    team: shop
services:
  web:
    <<: *common
    image: nginx:1.27
    command: nginx -g 'daemon off;'
    environment: [A=1, B=2]
    ports: ["8080:80"]
  db:
    <<: *common
    image: postgres:16.4
    profiles: [db]
`;
const OVERRIDE = `
services:
  web:
    command: ["nginx", "-T"]
    environment:
      B: "3"
      C: "4"
    ports: ["127.0.0.1:8443:443/tcp"]
`;

describe("compose semantics on the way in", () => {
  it("merges files in order: command replaced, environment merged by name, ports appended; anchors and merge keys applied", () => {
    const dir = projectDir({ "compose.yaml": BASE, "compose.override.yaml": OVERRIDE });
    const r = importCompose({ files: [`${dir}/compose.yaml`, `${dir}/compose.override.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    expect(r.files["index.ts"]).toContain(`const web = new Service(stack, "web", {
  image: Image.fromRegistry("nginx:1.27"),
  command: ["nginx", "-T"],
  env: { A: "1", B: "3", C: "4" },
  ports: [{ container: 80, published: 8080 }, { container: 443, published: 8443, hostIp: "127.0.0.1" }],
  restart: "unless-stopped",
  labels: { team: "shop" },
});`);
  });

  it("applies compose's merge tags: !override replaces the earlier list and !reset removes the field", () => {
    const tagged = `
services:
  web:
    ports: !override ["9090:80"]
    labels: !reset {}
    restart: !reset null
`;
    const dir = projectDir({ "compose.yaml": BASE, "compose.override.yaml": tagged });
    const r = importCompose({ files: [`${dir}/compose.yaml`, `${dir}/compose.override.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    expect(r.project.services.web).toEqual({ image: "nginx:1.27", command: "nginx -g 'daemon off;'", environment: ["A=1", "B=2"], ports: ["9090:80"] });
    expect(r.files["index.ts"]).toContain("ports: [{ container: 80, published: 9090 }],");
  });

  it("leaves out services of inactive profiles and says so, and imports them with --profile", () => {
    const dir = projectDir({ "compose.yaml": BASE });
    const without = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    expect(without.report.services.map((s) => s.name)).toEqual(["web"]);
    expect(without.files["IMPORT.md"]).toContain("- `db`: in profile db, which was not active. Import with `--profile db` to include it.");
    const withDb = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {}, name: "shop", profiles: ["db"] });
    expect(withDb.report.services.map((s) => s.name)).toEqual(["web", "db"]);
    expect(withDb.report.entries.find((e) => e.path === "services.db.profiles")).toEqual({
      path: "services.db.profiles",
      status: "transformed",
      note: "imported because profile db was active",
      fix: "Import again without --profile to leave it out.",
    });
  });

  it("splits a string command into words as compose does", () => {
    const dir = projectDir({ "compose.yaml": BASE });
    const r = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    expect(r.files["index.ts"]).toContain(`command: ["nginx", "-g", "daemon off;"],`);
  });

  it("maps long-syntax ports, volumes, depends_on, secrets and deploy", () => {
    const dir = projectDir({
      "db.txt": "pw\n",
      "compose.yaml": `
services:
  api:
    build: { context: ./api, dockerfile: Dockerfile.prod, target: runtime, args: { VERSION: "1.2" } }
    ports:
      - { target: 8080, published: "9090", protocol: tcp }
    volumes:
      - type: volume
        source: cache
        target: /cache
      - /scratch
      - type: tmpfs
        target: /tmp
        tmpfs: { size: 64m }
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
    secrets:
      - source: db_pw
        target: db_password
    deploy:
      replicas: 2
      resources:
        limits: { cpus: "0.5", memory: 512M }
        reservations: { memory: 128m }
      update_config: { parallelism: 1, delay: 10s, order: start-first }
    stop_grace_period: 1m30s
    logging:
      driver: json-file
      options: { max-size: 10m, max-file: "3" }
  migrate:
    image: api:1
    command: ["migrate"]
  db:
    image: postgres:16.4
    healthcheck:
      test: ["CMD", "pg_isready"]
      interval: 5s
volumes:
  cache:
secrets:
  db_pw:
    file: ./db.txt
`,
    });
    const r = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    expect(r.files["index.ts"]).toContain(`const migrate = new Job(stack, "migrate", { image: Image.fromRegistry("api:1"), command: ["migrate"] });`);
    expect(r.files["index.ts"]).toContain(`const api = new Service(stack, "api", {
  image: Image.fromBuild({ context: "../api", dockerfile: "Dockerfile.prod", target: "runtime", args: { VERSION: "1.2" } }),
  replicas: 2,
  secrets: { db_password: Secret.fromFile("../db.txt") },
  ports: [{ container: 8080, published: 9090 }],
  volumes: [{ volume: cache, path: "/cache" }, { volume: apiScratch, path: "/scratch" }],
  tmpfs: [{ path: "/tmp", size: Size.mebibytes(64) }],
  dependsOn: [{ on: db, condition: "healthy" }, { on: migrate, condition: "completed" }],
  resources: { cpu: 0.5, memory: Size.mebibytes(512), memoryReservation: Size.mebibytes(128) },
  update: { parallelism: 1, delay: Duration.seconds(10), order: "start-first" },
  stopGracePeriod: Duration.seconds(90),
  logging: { driver: "json-file", maxSize: Size.mebibytes(10), maxFiles: 3 },
});`);
  });

  it("inlines env_file variables below the service's own environment, and says the file is no longer read", () => {
    const dir = projectDir({
      "web.env": "# settings\nMODE=dev\nexport LEVEL='debug'\nAPI_KEY=abc123\n",
      "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    env_file: [web.env]\n    environment:\n      MODE: prod\n",
    });
    const r = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    expect(r.files["index.ts"]).toContain(`  env: { MODE: "prod", LEVEL: "debug", API_KEY_FILE: "/run/secrets/api_key" },
  secrets: { api_key: Secret.fromConfig("apiKey") },`);
    expect(r.report.entries.find((e) => e.path === "services.web.env_file[0]")).toEqual({
      path: "services.web.env_file[0]",
      status: "transformed",
      note: "the variables of web.env became env entries (credential-like ones secrets)",
      fix: "Keep editing them in index.ts or the stack config; the env file is no longer read.",
    });
  });

  it("makes an unset variable without a default a config key to set", () => {
    const dir = projectDir({ "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    environment:\n      REGION: ${REGION}\n" });
    const r = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    expect(r.files["index.ts"]).toContain(`env: { REGION: Config.value("region") } });`);
    expect(r.files["Pulumi.dev.yaml"]).toContain(`  # \${REGION} (unset when imported: set it)\n  shop:region: ""\n`);
  });
});
