import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = "test/cli/fixtures";

/** Runs the real CLI (`node bin/berth.js ...`) from the repository root. */
function berth(args: readonly string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["bin/berth.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The findings printed by `berth check`: blocks that start with ✖, ⚠ or ○. */
function findingBlocks(stdout: string): string[] {
  return stdout.split("\n\n").filter((b) => /^[✖⚠○] \[/.test(b));
}

/**
 * The finding format (docs/policy.md, "Message format"): rule, message, location with field and value, why, fix, and how to
 * waive (mandatory rules offer no Waive line).
 */
const FINDING_FORMAT = /^✖ \[[a-z0-9.-]+\] .+\n {2}→ at \S+ {2}\(field: .+, found: .*\)\n {2}Why: .+\n {2}Fix: .+(\n {2}Waive: stack\.(policy\.suppress|portability\.acknowledge)\(.+\))?$/;

const STACK_TRACE = /^\s+at .+(\(|:\d+:\d+)/m;

const tmp = mkdtempSync(join(tmpdir(), "berth-cli-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("berth check", () => {
  it("exits 3 on latest, a literal password, no limits and root, with one finding per problem in the documented format", () => {
    const r = berth(["check", `${FIXTURES}/bad`]);
    expect(r.code).toBe(3);
    const blocks = findingBlocks(r.stdout);
    for (const rule of ["image.no-latest", "secret.no-literal-sensitive-env", "res.memory-limit", "res.cpu-limit", "sec.non-root"]) {
      const mine = blocks.filter((b) => b.startsWith(`✖ [${rule}] `));
      expect(mine, rule).toHaveLength(1);
      expect(mine[0]).toMatch(FINDING_FORMAT);
    }
    expect(blocks.find((b) => b.startsWith("✖ [sec.non-root] "))).toContain("→ at bad/web  (field: user, found: root)");
    expect(blocks.find((b) => b.startsWith("✖ [image.no-latest] "))).toContain('(field: image, found: "nginx:latest")');
    expect(r.stdout).not.toContain("hunter2");
    expect(r.stdout.trimEnd().split("\n").pop()).toMatch(/^✖ bad on docker-host: \d+ errors \(\d+ policy, 0 portability\), \d+ warnings?, 0 suppressed$/);
    expect(r.stderr).toBe("berth check: bad (prod) on docker-host, prod profile\n");
  });

  it("exits 0 on a clean stack and shows its acknowledged feature as suppressed", () => {
    const r = berth(["check", `${FIXTURES}/clean`]);
    expect(r.stderr).toBe("berth check: clean (dev) on docker-host, dev profile\n");
    expect(r.code).toBe(0);
    expect(findingBlocks(r.stdout).filter((b) => b.startsWith("✖"))).toEqual([]);
    expect(r.stdout).toContain(
      [
        "○ [portability.update] Service 'api' sets update (order start-first, failure rollback); update is degraded on docker-host: containers are replaced (removed, then recreated); no rolling update, health gate or automatic rollback.",
        "  → at clean/api  (field: update, found: order start-first, failure rollback)",
        "  suppressed: dev replaces its two containers in place; rolling updates are tested in prod",
      ].join("\n"),
    );
    expect(r.stdout).toContain("Portability of clean on docker-host:\n  FEATURE ");
    expect(r.stdout.trimEnd().split("\n").pop()).toMatch(/^✔ clean on docker-host: 0 errors \(0 policy, 0 portability\), \d+ warnings?, 1 suppressed$/);
  });

  it("fails a stack that uses privileged on swarm, and passes once it is acknowledged", () => {
    const r = berth(["check", `${FIXTURES}/privileged-swarm`]);
    expect(r.code).toBe(3);
    const block = findingBlocks(r.stdout).find((b) => b.includes("[portability.privileged]"));
    expect(block).toMatch(FINDING_FORMAT);
    expect(block).toMatchInlineSnapshot(`
      "✖ [portability.privileged] Service 'agent' sets privileged (true); privileged is unsupported on swarm: swarm services cannot run privileged.
        → at agent/agent  (field: privileged, found: true)
        Why: swarm has no such setting: it would be dropped or rejected, and the stack would not run as written.
        Fix: Remove privileged from Service 'agent' where you can, or accept the difference on swarm in code with stack.portability.acknowledge("privileged", { on, reason }); berth check --all-targets shows where it is honoured.
        Waive: stack.portability.acknowledge("privileged", { on: agent, reason: "..." })"
    `);
    expect(r.stdout).toMatch(/\n {2}privileged +✖ unsupported +agent +swarm services cannot run privileged\n/);

    const acked = berth(["check", `${FIXTURES}/privileged-swarm`], { ACK_PRIVILEGED: "1" });
    expect(acked.code).toBe(0);
    expect(acked.stdout).toContain("○ [portability.privileged] Service 'agent' sets privileged");
    expect(acked.stdout).toContain("  suppressed: the agent manages host devices; ticket OPS-9");
  });

  it("prints one parseable JSON document with --json", () => {
    const r = berth(["check", `${FIXTURES}/privileged-swarm`, "--json"]);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as {
      ok: boolean;
      findings: { rule: string; node?: string; severity: string; suppressed?: unknown }[];
      portability: { target: string; entries: { feature: string; support: string; nodes: string[] }[] };
      summary: { errors: number; portability: { errors: number } };
    };
    expect(doc.ok).toBe(false);
    expect(doc.findings.filter((f) => f.rule.startsWith("portability."))).toEqual([
      expect.objectContaining({ rule: "portability.privileged", node: "agent", severity: "error" }),
    ]);
    expect(doc.portability.target).toBe("swarm");
    expect(doc.portability.entries.find((e) => e.feature === "privileged")).toEqual({
      feature: "privileged",
      support: "unsupported",
      note: "swarm services cannot run privileged",
      nodes: ["agent"],
    });
    expect(doc.summary.portability.errors).toBe(1);
    expect(doc.summary.errors).toBe(doc.findings.filter((f) => f.severity === "error" && !f.suppressed).length);
  });

  it("reports all four targets with --all-targets and lists skipped rules with --explain", () => {
    const r = berth(["check", `${FIXTURES}/privileged-swarm`, "--all-targets", "--explain"]);
    expect(r.code).toBe(3);
    const tables = r.stdout.split("\n").filter((l) => l.startsWith("Portability of agent on "));
    expect(tables).toEqual([
      "Portability of agent on docker-host:",
      "Portability of agent on swarm:",
      "Portability of agent on fargate:",
      "Portability of agent on kubernetes:",
    ]);
    // With --all-targets, every target's portability errors count: privileged is unsupported on
    // swarm and on Fargate, honoured on a Docker host and on Kubernetes.
    expect(findingBlocks(r.stdout).filter((b) => b.includes("[portability.")).map((b) => b.split("\n")[0]!.replace(/:.*/, ""))).toEqual([
      "✖ [portability.privileged] Service 'agent' sets privileged (true); privileged is unsupported on swarm",
      "✖ [portability.privileged] Service 'agent' sets privileged (true); privileged is unsupported on fargate",
    ]);
    expect(r.stdout).toContain("Skipped rules on swarm (dev profile):\n");
    expect(r.stdout).toMatch(/\n {2}sec\.no-privileged +not defined for swarm: applies to DEK only \(the setting does not exist there\)\n/);

    const json = JSON.parse(berth(["check", `${FIXTURES}/privileged-swarm`, "--all-targets", "--json", "--explain"]).stdout) as {
      portability: { target: string }[];
      skipped: { rule: string; reason: string }[];
    };
    expect(json.portability.map((p) => p.target)).toEqual(["docker-host", "swarm", "fargate", "kubernetes"]);
    expect(json.skipped).toContainEqual({ rule: "sec.no-privileged", reason: "not defined for swarm: applies to DEK only (the setting does not exist there)" });
  });
});

describe("berth check on a plain program", () => {
  it("exits 0 on every target with --all-targets: Berth's own defaults never fail, they are reported as defaults", () => {
    const r = berth(["check", `${FIXTURES}/plain`, "--all-targets"]);
    expect([r.code, findingBlocks(r.stdout).filter((b) => b.startsWith("✖"))]).toEqual([0, []]);
    expect(r.stdout).toMatch(/\n {2}hardening\.noNewPrivileges +default +api, web +not settable per service: left to the daemon/);
    expect(r.stdout.trimEnd().split("\n").pop()).toMatch(/^✔ plain on swarm: 0 errors \(0 policy, 0 portability\)/);
  });
});

describe("berth check on a graph its target cannot lower", () => {
  it("exits 3 naming the construct, the field, the value and the fix, instead of passing", () => {
    const r = berth(["check", `${FIXTURES}/nodeport-k8s`]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("✖ [kubernetes.node-port-range] web publishes port 8080 as a NodePort, but node ports must be in 30000-32767.\n  → at np/web  (field: ports[0].published, found: 8080)");
    expect(r.stdout).toContain("✖ np cannot be lowered for kubernetes: 1 error above");
  });
});

describe("berth synth, graph and schema", () => {
  it("gives byte-identical output when synth runs twice", () => {
    for (const dir of [`${FIXTURES}/clean`, "stacks/dev"]) {
      const a = berth(["synth", dir]);
      const b = berth(["synth", dir]);
      expect(a.code).toBe(0);
      expect(a.stdout.length).toBeGreaterThan(100);
      expect(b.stdout).toBe(a.stdout);
    }
  });

  it("renders the graph as Mermaid by default and as DOT on request", () => {
    const mermaid = berth(["graph", `${FIXTURES}/clean`]);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout.split("\n").slice(0, 2)).toEqual(["flowchart TD", '  api["service: api"]']);
    const dot = berth(["graph", `${FIXTURES}/clean`, "--format", "dot"]);
    expect(dot.code).toBe(0);
    expect(dot.stdout.split("\n").slice(0, 2)).toEqual(['digraph "clean" {', "  rankdir=LR;"]);
  });

  it("prints the IR's JSON Schema, or writes it with --out", () => {
    const r = berth(["schema"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { $schema: string; required: string[] };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.required).toEqual(["schemaVersion", "stack", "nodes", "edges"]);
    const file = join(tmp, "schema.json");
    expect(berth(["schema", "--out", file]).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(r.stdout);
  });
});

describe("berth errors", () => {
  it("exits 2 on usage errors", () => {
    expect(berth(["frobnicate"]).code).toBe(2);
    expect(berth(["check"]).code).toBe(2);
    expect(berth(["check", `${FIXTURES}/clean`, "--bogus"]).code).toBe(2);
    const r = berth(["graph", `${FIXTURES}/clean`, "--format", "svg"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: option '--format <format>' argument 'svg' is invalid. Allowed choices are mermaid, dot.\n");
  });

  it("exits 1 with a clear message and no stack trace when the stack directory is missing", () => {
    const r = berth(["check", "test/cli/fixtures/no-such-stack"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      [
        "✖ [cli.stack-dir] test/cli/fixtures/no-such-stack is not a stack directory (it needs an index.ts whose default export is a Stack).",
        "  → at test/cli/fixtures/no-such-stack",
        "  Fix: Pass a stack directory, e.g. `berth synth stacks/dev`.",
        "",
      ].join("\n"),
    );
  });

  it("exits 1 with the typed error and no stack trace when a prop is invalid", () => {
    const r = berth(["check", `${FIXTURES}/invalid`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("[props.invalid] Service 'web'");
    expect(r.stderr).toContain("→ at invalid/web  (field: replicas, found: -1)");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toContain("internal error");
  });

  it("reports a user error as JSON with --json", () => {
    const r = berth(["check", "test/cli/fixtures/no-such-stack", "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({ code: "cli.stack-dir", path: "test/cli/fixtures/no-such-stack" }),
      ],
    });
  });
});
