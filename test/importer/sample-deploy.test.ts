/**
 * A corpus sample, imported and deployed as it is: nginx-golang (an nginx proxy in front of a
 * backend built from a context the corpus did not copy). On a machine that reaches no
 * registry the user brings two things, both in examples/imported/nginx-golang: the backend's
 * build context (the sample's Go program is not in the corpus; a busybox stand-in answers like
 * it) and an override file naming the proxy image scripts/offline-images.sh builds from
 * Debian's nginx and making the published port configuration. The sample's compose.yaml is
 * copied unchanged. `berth import` (the CLI) → `berth up` → the answer through nginx → `berth down`.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { berth, docker, dockerTestFile, freePort, REPO_ROOT, requireDocker, uniqueStack } from "../support/docker.ts";
import { projectDir } from "./project-files.ts";

const file = dockerTestFile();
const SAMPLE = "/work/shared/fixtures/compose-corpus/nginx-golang";
const KIT = join(REPO_ROOT, "examples/imported/nginx-golang");
/** What scripts/offline-images.sh makes (CI runs it before the tests). */
const IMAGES = ["berth-local/nginx:1.22", "berth-local/busybox:1"];

/** Fails, naming the fix, when an image the sample needs was not made on this engine. */
async function requireImages(): Promise<void> {
  const missing: string[] = [];
  for (const ref of IMAGES) await docker.getImage(ref).inspect().catch(() => missing.push(ref));
  if (missing.length) throw new Error(`${missing.join(", ")} missing on this engine: run \`bash scripts/offline-images.sh\` (it builds them without a registry).`);
}

describe("the imported nginx-golang corpus sample deploys on the Docker host", () => {
  it("answers with the backend's text through nginx after berth up, and berth down removes it", async () => {
    await requireDocker();
    await requireImages();
    const stack = file.track(uniqueStack("importer-ngx"));
    const port = await freePort();
    const dir = projectDir({ "package.json": JSON.stringify({ type: "module", private: true }) });
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(REPO_ROOT, join(dir, "node_modules", "berth"));
    const src = join(dir, "nginx-golang");
    cpSync(SAMPLE, src, { recursive: true });
    cpSync(KIT, src, { recursive: true });
    expect(readFileSync(join(src, "compose.yaml"), "utf8")).toBe(readFileSync(join(SAMPLE, "compose.yaml"), "utf8"));
    const out = join(dir, "stack");

    const imported = await berth(["import", join(src, "compose.yaml"), join(src, "compose.offline.yaml"), "--out", out, "--name", stack], { PROXY_PORT: String(port) });
    expect({ code: imported.code, stderr: imported.stderr }).toEqual({ code: 0, stderr: "" });
    expect(imported.stdout).toContain(`Imported 2 services into ${out} (stack ${stack})`);
    expect(imported.stdout).toContain("Policy: 0 errors");
    expect(imported.stdout).not.toContain("does not resolve");
    const program = readFileSync(join(out, "index.ts"), "utf8");
    expect(program).toContain('image: Image.fromBuild({ context: "../nginx-golang/backend", target: "builder" })');
    expect(program).toContain('image: Image.fromRegistry("berth-local/nginx:1.22")');
    expect(program).toContain(`ports: [{ container: 80, published: config.number("proxyPort", ${port}) }]`);

    const up = await berth(["up", out]);
    expect({ code: up.code, stderr: up.code === 0 ? "" : up.stderr }).toEqual({ code: 0, stderr: "" });
    const answer = await fetch(`http://127.0.0.1:${port}/`);
    expect([answer.status, answer.headers.get("server")?.replace(/^(nginx\/1\.22)\.\d+$/, "$1"), await answer.text()]).toEqual([200, "nginx/1.22", readFileSync(join(KIT, "backend/answer.txt"), "utf8")]);
    // Only the proxy publishes a port: the answer came through nginx.
    const backend = await docker.getContainer(`${stack}-backend-1`).inspect();
    expect(Object.keys(backend.HostConfig.PortBindings ?? {})).toEqual([]);

    const down = await berth(["down", out]);
    expect({ code: down.code, stderr: down.stderr }).toEqual({ code: 0, stderr: "" });
    const left = await docker.listContainers({ all: true, filters: { name: [`${stack}-`] } });
    expect(left.map((c) => c.Names[0])).toEqual([]);
  }, 240_000);
});
