import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { BerthError } from "../../sdk/core/errors.ts";
import { lowerForEngine } from "../../providers/docker/engine/engine.ts";
import { exportComposeFiles } from "../../providers/docker/export.ts";
import { openSwarmSession } from "../../providers/swarm/engine.ts";
import { exportSwarm } from "../../providers/swarm/export.ts";
import { loadStack } from "../load-stack.ts";
import { out, outJson, progress, run } from "../output.ts";

/**
 * `berth export <stackdir> --format compose [--out file]`: the stack as a platform's native
 * file. With `--out`, the config files the compose file refers to are written next to it;
 * secret files are never written (their values stay out of exports): the command lists them.
 */
export function register(program: Command): void {
  program
    .command("export")
    .description("export a stack as the platform's native files (compose for a Docker host, a stack file for swarm; no secret values)")
    .argument("<stackdir>", "stack directory (index.ts exports a Stack)")
    .addOption(new Option("--format <format>", "output format").choices(["compose"]).default("compose"))
    .option("--out <file>", "write to a file (and its config files next to it) instead of stdout")
    .option("--json", "machine-readable summary (with --out)")
    .action((dir: string, opts: { format: "compose"; out?: string; json?: boolean }) =>
      run(async () => {
        const { graph, stack, dir: abs } = await loadStack(dir);
        if (graph.stack.target.kind === "swarm") {
          // Secret names carry a version of their value, so they match what `berth up` creates.
          const { files, gaps } = exportSwarm(openSwarmSession(graph, abs, (k) => stack.config.get(k)).graph);
          for (const g of gaps) progress(`note: ${g}`);
          if (!opts.out) {
            out(files["stack.yaml"]!);
            for (const p of Object.keys(files).filter((p) => p !== "stack.yaml")) progress(`note: ${p} is referenced by the stack file; pass --out to write it`);
            return;
          }
          const base = dirname(resolve(opts.out));
          const written = Object.entries(files).map(([p, text]) => {
            const path = p === "stack.yaml" ? resolve(opts.out!) : join(base, p);
            mkdirSync(dirname(path), { recursive: true });
            writeFileSync(path, text);
            return path;
          });
          if (opts.json) outJson({ ok: true, stackFile: resolve(opts.out), files: written.filter((p) => p !== resolve(opts.out!)), gaps });
          else for (const p of written) out(`wrote ${p}`);
          return;
        }
        if (graph.stack.target.kind !== "docker-host") {
          throw new BerthError({
            code: "cli.export-target",
            path: graph.stack.name,
            field: "target",
            found: graph.stack.target.kind,
            message: `--format compose exports DockerHost stacks; '${graph.stack.name}' targets ${graph.stack.target.kind}.`,
            fix: "export a DockerHost stack, or use the format of this stack's platform",
          });
        }
        const files = exportComposeFiles(lowerForEngine(graph, abs));
        if (!opts.out) {
          out(files.compose);
          for (const p of Object.keys(files.files)) progress(`note: ${p} is referenced by the compose file; pass --out to write it`);
          for (const [p, id] of Object.entries(files.secrets)) progress(`provide ${p}: the value of secret '${id}' (never exported)`);
          return;
        }
        const target = resolve(opts.out);
        const base = dirname(target);
        mkdirSync(base, { recursive: true });
        writeFileSync(target, files.compose);
        for (const [p, text] of Object.entries(files.files)) {
          mkdirSync(dirname(join(base, p)), { recursive: true });
          writeFileSync(join(base, p), text);
        }
        if (opts.json) outJson({ ok: true, compose: target, files: Object.keys(files.files).map((p) => join(base, p)), secrets: files.secrets });
        else {
          out(`wrote ${target}`);
          for (const p of Object.keys(files.files)) out(`wrote ${join(base, p)}`);
          for (const [p, id] of Object.entries(files.secrets)) out(`provide ${join(base, p)}: the value of secret '${id}' (never exported)`);
        }
      }, opts),
    );
}
