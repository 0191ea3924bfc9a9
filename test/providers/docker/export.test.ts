import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { loadStack } from "../../../cli/load-stack.ts";
import { composeKey, exportCompose, exportComposeFiles } from "../../../providers/docker/export.ts";
import { lowerDocker } from "../../../providers/docker/lower.ts";
import type { DockerGraph } from "../../../providers/docker/target.ts";
import { CANARY, smallDockerGraph } from "./fixture-graph.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Writes the export (with placeholder secret files) and returns `docker-compose config`'s canonical form. */
function composeConfig(g: DockerGraph): { services: Record<string, any>; networks?: Record<string, any>; volumes?: Record<string, any>; secrets?: Record<string, any> } {
  const dir = mkdtempSync(join(tmpdir(), "berth-export-"));
  dirs.push(dir);
  const out = exportComposeFiles(g);
  writeFileSync(join(dir, "compose.yaml"), out.compose);
  for (const [p, text] of Object.entries(out.files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  for (const p of Object.keys(out.secrets)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), "operator-provided");
  }
  return parse(execFileSync("docker-compose", ["-f", join(dir, "compose.yaml"), "config"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
}

let small: ReturnType<typeof composeConfig> | undefined;
/** docker-compose takes seconds to start: the small graph's canonical form is computed once. */
const smallConfig = () => (small ??= composeConfig(smallDockerGraph()));

describe("exportCompose", () => {
  it("is accepted by docker-compose 1.29 and keeps ports, env, healthcheck, limits and dependency conditions", () => {
    const c = smallConfig();
    const api = c.services["tiny-api-1"];
    expect(api.ports).toEqual(["127.0.0.1:18080:8080/tcp"]);
    expect(api.environment).toEqual({ LEVEL: "debug", PEER: "migrate" });
    expect(api.healthcheck).toEqual({ test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"], interval: "2s", timeout: "5s", retries: 3, start_period: "0h" });
    expect([api.cpus, api.mem_limit, api.pids_limit]).toEqual([0.5, 33554432, 64]);
    expect(api.depends_on).toEqual({ "tiny-migrate-1": { condition: "service_completed_successfully" } });
    expect(c.services["tiny-worker-2"].depends_on).toEqual({ "tiny-api-1": { condition: "service_healthy" } });
    expect(c.services["tiny-migrate-1"].restart).toBe("on-failure:3");
  });

  it("names every service, network and volume exactly as Berth names the Docker objects", () => {
    const c = smallConfig();
    expect(Object.entries(c.services).map(([k, s]) => [k, s.container_name])).toEqual([
      ["tiny-api-1", "tiny-api-1"],
      ["tiny-migrate-1", "tiny-migrate-1"],
      ["tiny-worker-1", "tiny-worker-1"],
      ["tiny-worker-2", "tiny-worker-2"],
    ]);
    expect(c.networks).toEqual({ "tiny-backend": { name: "tiny-backend", driver: "bridge" } });
    expect(c.volumes).toEqual({ "tiny-data": { name: "tiny-data", driver: "local", external: false } });
  });

  it("mounts the secret as a compose file secret with its target, owner and mode, and never writes its value", () => {
    const g = smallDockerGraph();
    const text = exportCompose(g);
    expect(text).not.toContain(CANARY);
    const doc = parse(text);
    expect(doc.secrets).toEqual({ apiKey: { file: "./secrets/apiKey" } });
    expect(doc.services["tiny-api-1"].secrets).toEqual([{ source: "apiKey", target: "/run/secrets/api_key", uid: "1000", gid: "1000", mode: 0o400 }]);
    expect(text).toContain("# Secret 'secret/apiKey': put its value in ./secrets/apiKey (never in this file).");
    // The host path the engine bind-mounts is Berth's state, not the compose file's.
    expect(text).not.toContain("/srv/berth");
  });

  it("leaves Berth's ownership labels out so compose-created objects are never taken for Berth's", () => {
    const g = smallDockerGraph();
    expect(g.nodes.some((n) => "create" in n && Object.keys(n.create.Labels).some((k) => k.startsWith("berth.")))).toBe(true);
    expect(exportCompose(g)).not.toMatch(/berth\.(stack|node|spec-hash|app|version|kind|source)/);
  });

  it("writes the same bytes for the same graph", () => {
    expect(exportCompose(smallDockerGraph())).toBe(exportCompose(smallDockerGraph()));
  });

  it("exports the shop dev stack in a form docker-compose 1.29 accepts, without its password", async () => {
    const { graph, dir } = await loadStack(resolve(import.meta.dirname, "../../../stacks/dev"));
    const g = lowerDocker(graph, { stackDir: dir });
    const text = exportCompose(g);
    expect(text).not.toContain("dev-only-password");
    const c = composeConfig(g);
    expect(Object.keys(c.services).sort()).toEqual(["shop-shop-db-1", "shop-shop-migrate-1", "shop-shop-web-1"]);
    expect(c.services["shop-shop-migrate-1"].depends_on).toEqual({ "shop-shop-db-1": { condition: "service_healthy" } });
    expect(c.services["shop-shop-web-1"].depends_on).toEqual({ "shop-shop-migrate-1": { condition: "service_completed_successfully" } });
    expect(c.services["shop-shop-db-1"].volumes).toEqual([{ type: "volume", source: "shop-shop-pgdata", target: "/var/lib/postgresql/data" }]);
  });
});

describe("composeKey", () => {
  it("turns a secret node id into a compose key", () => {
    expect([composeKey("secret/dbPassword"), composeKey("config/app settings")]).toEqual(["dbPassword", "app_settings"]);
  });
});
