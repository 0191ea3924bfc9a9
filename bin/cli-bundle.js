// @ts-check
/**
 * The CLI as one script: cli/, sdk/, providers/ and their npm dependencies bundled by esbuild
 * into dist/berth-cli.cjs, rebuilt only when an input changed (bin/bundle-cache.js).
 *
 * Stack programs are bundled separately (cli/stack-program.ts) and must share this bundle's
 * module instances (`instanceof Stack` must hold), so the bundle publishes every sdk/ module
 * through a registry on `globalThis` that stack bundles import from.
 */
import { readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cachedBundle, metafileInputs } from "./bundle-cache.js";

/** The registry's global name; cli/stack-program.ts reads it. */
export const SDK_REGISTRY = "berth.sdk-modules";

/**
 * Builds (when stale) and returns the CLI bundle for the checkout at `root`.
 *
 * @param {string} root  the repository root (where package.json is)
 */
export async function cliBundle(root) {
  return cachedBundle({
    outFile: join(root, "dist", "berth-cli.cjs"),
    outputs: [fastBundleFile(join(root, "dist", "berth-cli.cjs"))],
    key: JSON.stringify({ node: process.versions.node }),
    build: async (outFile) => {
      const esbuild = await import("esbuild");
      const { dirs: sdkDirs, files } = listTree(join(root, "sdk"));
      const sdkFiles = files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).map((f) => relative(root, f)).sort();
      const buildId = `${Date.now().toString(36)}-${process.pid}`;
      const entry = [
        `import { main } from ${JSON.stringify(join(root, "cli", "main.ts"))};`,
        "const load = {",
        ...sdkFiles.map((f) => `  ${JSON.stringify(f)}: () => import(${JSON.stringify(join(root, f))}),`),
        "};",
        "/** Publishes the sdk registry (with the launcher's `import`, which a script cannot make) and runs the CLI. */",
        "export function start(importModule, argv) {",
        `  globalThis[Symbol.for(${JSON.stringify(SDK_REGISTRY)})] = { root: ${JSON.stringify(root)}, buildId: ${JSON.stringify(buildId)}, files: Object.keys(load), load: (f) => load[f](), importModule };`,
        "  return main(argv);",
        "}",
      ].join("\n");
      /** @param {string} contents @param {string} outfile */
      const build = (contents, outfile) =>
        esbuild.build({
          stdin: { contents, resolveDir: root, loader: "js" },
          bundle: true,
          platform: "node",
          // CommonJS, so the launcher can run it as a script with V8's code cache (bin/code-cache.js).
          format: "cjs",
          target: "node20",
          outfile,
          // Less text to read, decode and pre-parse at every start; names are kept for messages.
          minifyWhitespace: true,
          minifySyntax: true,
          // Construct class names reach graphs and messages (`construct: "Service"`); bundling may
          // rename a class whose name another module also uses, so names are kept.
          keepNames: true,
          legalComments: "none",
          // ASCII only (esbuild's default, stated because bin/code-cache.js reads the file as latin1).
          charset: "ascii",
          metafile: true,
          logLevel: "silent",
          // Native addons stay outside the bundle (esbuild finds its binary next to its own module);
          // the optional transports and BuildKit parser load lazily (lazyOptionalTransports).
          // Pulumi realizers load only under `pulumi up`, which runs the sources: the CLI never
          // carries the Pulumi SDK.
          // The Kubernetes client loads from node_modules when a Kubernetes session first talks to
          // the API server: commands on other targets never read its megabytes. The AWS SDK clients
          // of the Fargate engine load the same way (providers/fargate/engine/aws.ts).
          external: ["cpu-features", "*.node", "esbuild", "@pulumi/*", "@kubernetes/client-node", "@aws-sdk/*"],
          plugins: [lazyOptionalTransports, zodEnglishOnly],
          // The lazy stand-ins below require the real modules with Node's own require.
          banner: { js: "const __berthNodeRequire = require;" },
        });
      // The no-op fast path of `berth up` (cli/up-cache/fast-up.ts), built with the same id: a
      // record written by this build's full run is one it may trust.
      const fastEntry = [
        `import { fastUp } from ${JSON.stringify(join(root, "cli", "up-cache", "fast-up.ts"))};`,
        `export function startFast(argv) { return fastUp(argv, ${JSON.stringify(buildId)}); }`,
      ].join("\n");
      const fastFile = fastBundleFile(join(root, "dist", "berth-cli.cjs"));
      const fastTmp = `${fastFile}.${process.pid}.tmp.cjs`;
      let result, fast;
      try {
        [result, fast] = await Promise.all([build(entry, outFile), build(fastEntry, fastTmp)]);
        renameSync(fastTmp, fastFile);
      } finally {
        rmSync(fastTmp, { force: true });
      }
      // What went in, for `npx esbuild --analyze`-style questions (esbuild.github.io/analyze).
      writeFileSync(join(root, "dist", "berth-cli.meta.json"), JSON.stringify(result.metafile));
      writeFileSync(join(root, "dist", "berth-fast.meta.json"), JSON.stringify(fast.metafile));
      // npm rewrites node_modules/.package-lock.json on every install, so one stat stands for
      // the hundreds of dependency files. How the bundle is built is an input too.
      const own = [...new Set([...metafileInputs(result.metafile, root), ...metafileInputs(fast.metafile, root)])].filter((f) => !f.includes(`${sep}node_modules${sep}`));
      const builders = ["cli-bundle.js", "bundle-cache.js"].map((f) => join(root, "bin", f));
      // A file added to or removed from sdk/ changes the registry: its directory's mtime shows it.
      return { inputs: [...own, ...sdkDirs, join(root, "node_modules", ".package-lock.json"), ...builders] };
    },
  });
}

/**
 * The fast-path bundle that goes with a CLI bundle: `dist/berth-fast.cjs` beside
 * `dist/berth-cli.cjs`, built and replaced with it.
 *
 * @param {string} cliBundleFile
 */
export function fastBundleFile(cliBundleFile) {
  return join(dirname(cliBundleFile), "berth-fast.cjs");
}

/**
 * dockerode loads ssh2 (for `ssh://` hosts, through docker-modem's lib/ssh.js) and gRPC (for
 * BuildKit sessions, through its lib/session.js) when it loads: ~100 ms a run that talks to a
 * local socket never needs. Both modules export one function; the bundle gets a stand-in that
 * requires the real module (from node_modules, outside the bundle) on its first call. The same
 * goes for node:https, which only an `https://` endpoint uses.
 *
 * @type {import("esbuild").Plugin}
 */
const lazyOptionalTransports = {
  name: "lazy-optional-transports",
  setup(build) {
    const lazy = [
      { importer: /[\\/]docker-modem[\\/]lib[\\/]modem\.js$/, specifier: "./ssh" },
      { importer: /[\\/]dockerode[\\/]lib[\\/]docker\.js$/, specifier: "./session" },
    ];
    build.onResolve({ filter: /^\.\/(ssh|session)$/ }, (a) =>
      lazy.some((l) => l.specifier === a.path && l.importer.test(a.importer))
        ? { path: join(a.resolveDir, `${a.path}.js`), namespace: "lazy-function" }
        : undefined,
    );
    // dockerode requires its BuildKit progress parser (and protobufjs, ~120 KB) inside the one
    // function that uses it: left outside the bundle, it is read only if that function runs.
    build.onResolve({ filter: /^\.\/buildkit$/ }, (a) =>
      /[\\/]dockerode[\\/]lib[\\/]docker\.js$/.test(a.importer) ? { path: join(a.resolveDir, "buildkit.js"), external: true } : undefined,
    );
    // docker-modem requires node:https (and with it TLS) for `https://` hosts only.
    build.onResolve({ filter: /^https$/ }, (a) =>
      /[\\/]docker-modem[\\/]lib[\\/]http\.js$/.test(a.importer) ? { path: "https", namespace: "lazy-builtin" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (a) => ({
      contents: [
        "let real;",
        `const load = () => (real ??= __berthNodeRequire(${JSON.stringify(a.path)}));`,
        "module.exports = new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });",
      ].join("\n"),
      loader: "js",
    }));
    build.onLoad({ filter: /.*/, namespace: "lazy-function" }, (a) => ({
      contents: [
        "let real;",
        `module.exports = function (...args) { real ??= __berthNodeRequire(${JSON.stringify(a.path)}); return real.apply(this, args); };`,
      ].join("\n"),
      loader: "js",
    }));
  },
};

/**
 * zod's namespace carries its ~50 message locales (a third of its size), and Berth speaks
 * English only: the bundle's `z.locales` holds `en` alone, ~250 KB less to read at every start.
 *
 * @type {import("esbuild").Plugin}
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/][a-z]+\.js$/.test(a.importer)
        ? { path: join(a.resolveDir, "../locales/index.js"), namespace: "zod-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (a) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(a.path), "en.js"))};`,
      loader: "js",
      resolveDir: dirname(a.path),
    }));
  },
};

/**
 * A directory's subdirectories (itself included) and files, from one recursive read.
 *
 * @param {string} dir
 * @returns {{ dirs: string[]; files: string[] }}
 */
function listTree(dir) {
  const dirs = [dir];
  const files = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isDirectory()) dirs.push(join(e.parentPath, e.name));
    else if (e.isFile()) files.push(join(e.parentPath, e.name));
  }
  return { dirs, files };
}

// `node bin/cli-bundle.js` (`npm run build`): build the bundle now rather than on first use.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const { file, rebuilt } = await cliBundle(root);
  process.stdout.write(`${relative(root, file)}: ${rebuilt ? "built" : "up to date"}\n`);
}
