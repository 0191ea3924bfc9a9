/**
 * One imported compose project on the real engine: import → `berth up` → an HTTP answer on the
 * published port → `berth down`. The image is built locally FROM berth-local/busybox:1
 * (scripts/offline-images.sh makes it): this machine reaches no registry.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCompose, writeImport } from "../../importer/compose/index.ts";
import { berth, docker, dockerTestFile, freePort, REPO_ROOT, requireDocker, uniqueStack } from "../support/docker.ts";
import { projectDir } from "./project-files.ts";

const file = dockerTestFile();

const COMPOSE = `
services:
  web:
    build: ./web
    ports: ["127.0.0.1:\${WEB_PORT}:8080"]
    environment:
      GREETING: hello
    healthcheck:
      test: ["CMD-SHELL", "wget -q --spider http://localhost:8080/"]
      interval: 1s
      retries: 30
    deploy:
      resources:
        limits: { cpus: "0.25", memory: 32m }
    restart: unless-stopped
`;

describe("an imported compose project deploys on the Docker host", () => {
  it("answers HTTP after berth up on the imported program, and berth down removes it", async () => {
    await requireDocker();
    const stack = file.track(uniqueStack("import"));
    const port = await freePort();
    const dir = projectDir({
      "compose.yaml": COMPOSE,
      "web/Dockerfile": 'FROM berth-local/busybox:1\nRUN mkdir -p /site && echo "imported and answering" > /site/index.html\nEXPOSE 8080\nCMD ["httpd", "-f", "-p", "8080", "-h", "/site"]\n',
    });
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(REPO_ROOT, join(dir, "node_modules", "berth"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
    const out = join(dir, "stack");
    const result = importCompose({ files: [join(dir, "compose.yaml")], outDir: out, env: { WEB_PORT: String(port) }, name: stack });
    writeImport(out, result);
    expect(result.config).toEqual({ webPort: String(port) });
    expect(result.files["index.ts"]).toContain(`ports: [{ container: 8080, published: config.number("webPort", ${port}), hostIp: "127.0.0.1" }],`);

    const up = await berth(["up", out]);
    expect({ code: up.code, stderr: up.code === 0 ? "" : up.stderr }).toEqual({ code: 0, stderr: "" });
    const answer = await fetch(`http://127.0.0.1:${port}/`);
    expect([answer.status, await answer.text()]).toEqual([200, "imported and answering\n"]);
    const info = await docker.getContainer(`${stack}-web-1`).inspect();
    expect([info.HostConfig.Memory, info.HostConfig.NanoCpus, info.Config.Env.includes("GREETING=hello")]).toEqual([32 * 1024 * 1024, 250_000_000, true]);

    const down = await berth(["down", out]);
    expect(down.code).toBe(0);
    const left = await docker.listContainers({ all: true, filters: { name: [`${stack}-`] } });
    expect(left).toEqual([]);
  }, 180_000);
});
