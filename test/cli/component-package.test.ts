/**
 * A team's components shared as a package: a workspace package written in TypeScript that
 * imports Berth by its package name, used by a stack program in another directory.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const repo = mkdtempSync(join(tmpdir(), "berth-team-"));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** A monorepo: packages/components (npm workspace, linked into node_modules) and stacks/dev. */
function teamRepo(): { stackDir: string; component: string } {
  const component = join(repo, "packages/components/index.ts");
  mkdirSync(join(repo, "packages/components"), { recursive: true });
  mkdirSync(join(repo, "node_modules/@team"), { recursive: true });
  mkdirSync(join(repo, "stacks/dev"), { recursive: true });
  writeFileSync(join(repo, "package.json"), JSON.stringify({ name: "team", private: true, type: "module", workspaces: ["packages/*"] }));
  writeFileSync(join(repo, "packages/components/package.json"), JSON.stringify({ name: "@team/components", type: "module", exports: { ".": "./index.ts" } }));
  writeFileSync(
    component,
    [
      `import { Component, Image, Service, Size, type Scope } from "berth";`,
      `export class Web extends Component {`,
      `  constructor(scope: Scope, id: string) {`,
      `    super(scope, id);`,
      `    new Service(this, "web", { image: Image.fromRegistry("nginx:1.27"), command: ["nginx", "-g", "daemon off;"], resources: { cpu: 0.25, memory: Size.mebibytes(64) } });`,
      `  }`,
      `}`,
    ].join("\n"),
  );
  // What `npm install` makes of a workspace and of Berth installed from this checkout.
  symlinkSync("../../packages/components", join(repo, "node_modules/@team/components"));
  symlinkSync(ROOT, join(repo, "node_modules/berth"));
  const stackDir = join(repo, "stacks/dev");
  writeFileSync(
    join(stackDir, "index.ts"),
    [
      `import { DockerHost, Stack, StackConfig } from "berth";`,
      `import { Web } from "@team/components";`,
      `const stack = new Stack("team", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });`,
      `new Web(stack, "Web");`,
      `export default stack;`,
    ].join("\n"),
  );
  return { stackDir, component };
}

function synth(stackDir: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/berth.js"), "synth", stackDir], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("components shared as a package", () => {
  const { stackDir, component } = teamRepo();

  it("runs a program whose component package is TypeScript importing Berth by name, bundled or from source alike", () => {
    const bundled = synth(stackDir);
    expect([bundled.code, bundled.stderr]).toEqual([0, ""]);
    const graph = JSON.parse(bundled.stdout) as { nodes: { id: string; construct: string }[] };
    expect(graph.nodes.map((n) => [n.id, n.construct])).toEqual([
      ["Web/web", "Service"],
      ["image/nginx-1.27", "Image"],
    ]);
    const fromSource = synth(stackDir, { BERTH_FROM_SOURCE: "1" });
    expect([fromSource.code, fromSource.stdout]).toEqual([0, bundled.stdout]);
  });

  it("bundles the linked package, so an edit to it is picked up and its files are inputs of the up cache", () => {
    const manifest = JSON.parse(readFileSync(join(stackDir, ".berth/program.mjs.json"), "utf8")) as { inputs: Record<string, unknown> };
    expect(Object.keys(manifest.inputs)).toContain(component);
    writeFileSync(component, readFileSync(component, "utf8").replace("cpu: 0.25", "cpu: 0.5"));
    const after = synth(stackDir);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('"cpu": 0.5');
  });
});
