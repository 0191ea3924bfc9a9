import { describe, expect, it } from "vitest";
import { importCompose } from "../../importer/compose/index.ts";
import { probeOf } from "../../importer/compose/map-health.ts";
import { projectDir } from "./project-files.ts";

describe("the importer writes idiomatic Berth, not a transliteration", () => {
  it("recognises plain curl, wget and nc probes as portable http and tcp healthchecks", () => {
    expect(probeOf("curl -f http://localhost:8080/healthz")).toEqual({ http: { port: 8080, path: "/healthz" } });
    expect(probeOf("curl -fsS http://127.0.0.1/ || exit 1")).toEqual({ http: { port: 80, path: "/" } });
    expect(probeOf("wget -q --spider http://localhost:3000/api/info")).toEqual({ http: { port: 3000, path: "/api/info" } });
    expect(probeOf("nc -z localhost 5432")).toEqual({ tcp: { port: 5432 } });
    expect(probeOf("curl -f http://localhost:8080/x | grep ok")).toBeUndefined();
    expect(probeOf("pg_isready -U postgres")).toBeUndefined();
  });

  it("moves credential-looking env values to secret config, mounted as files, and flags them", () => {
    const dir = projectDir({ "compose.yaml": "services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: hunter2\n      API_TOKEN: ${TOKEN}\n" });
    const r = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: { TOKEN: "t0k" }, name: "shop" });
    expect(r.files["index.ts"]).toContain(`  env: {
    POSTGRES_USER: "app",
    POSTGRES_PASSWORD_FILE: "/run/secrets/postgres_password",
    API_TOKEN_FILE: "/run/secrets/api_token",
  },
  secrets: { postgres_password: Secret.fromConfig("postgresPassword"), api_token: Secret.fromConfig("token") },`);
    expect(r.files["index.ts"]).not.toContain("hunter2");
    expect(r.config).toEqual({ postgresPassword: "hunter2", token: "t0k" });
    expect(r.files["IMPORT.md"]).toContain("- `postgresPassword`: set it with `pulumi config set --secret postgresPassword` or the environment variable `BERTH_CONFIG_POSTGRESPASSWORD`, then delete it from the file.");
  });

  it("turns a curl healthcheck into an http probe with Durations", () => {
    const dir = projectDir({ "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      test: curl -f http://localhost:8080/healthz\n      interval: 30s\n      timeout: 500ms\n      start_period: 1m\n" });
    const r = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    expect(r.files["index.ts"]).toContain(`  healthcheck: {
    http: { port: 8080, path: "/healthz" },
    interval: Duration.seconds(30),
    timeout: Duration.millis(500),
    startPeriod: Duration.minutes(1),
  },`);
  });

  it("imports latest tags and missing limits, and lists the policy findings with their fixes", () => {
    const dir = projectDir({ "compose.yaml": "services:\n  web:\n    image: nginx:latest\n" });
    const r = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    const rules = r.report.findings.filter((f) => !f.suppressed).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(["image.no-latest", "res.memory-limit", "res.cpu-limit"]));
    expect(r.files["IMPORT.md"]).toContain("| warning | image.no-latest | `web` | Service 'web' runs image \"nginx:latest\" with the tag 'latest'. | Image.fromRegistry(\"nginx:1.27.3\") — a version tag, pinned by `berth lock` |");
  });

  it("gives every compose field a line: unknown fields are listed as not mapped with what to do", () => {
    const dir = projectDir({ "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    container_name: web\n    sysctls: [net.core.somaxconn=1024]\n    x-note: hi\n    shm_size: 1g\n" });
    const r = importCompose({ files: [`${dir}/compose.yaml`], outDir: `${dir}/out`, env: {}, name: "shop" });
    expect(r.report.entries.filter((e) => e.status === "not mapped").map((e) => [e.path, e.note])).toEqual([
      ["services.web.container_name", "Berth names containers <stack>-<service>-<i> so that stacks never collide"],
      ["services.web.sysctls", "Berth has no portable sysctls prop"],
      ["services.web.x-note", "an extension field is for other tools"],
      ["services.web.shm_size", "Berth has no shm-size prop"],
    ]);
  });
});
