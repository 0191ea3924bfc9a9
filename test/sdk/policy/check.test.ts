import { describe, expect, it } from "vitest";
import { checkGraph } from "../../../sdk/policy/check.ts";
import { formatFinding, formatReport } from "../../../sdk/policy/format.ts";
import { BUILTIN_RULES } from "../../../sdk/policy/registry.ts";
import type { Rule } from "../../../sdk/policy/types.ts";
import { Image } from "../../../sdk/constructs/image.ts";
import { Service } from "../../../sdk/constructs/service.ts";
import { CONFIG_AND_SECRETS_RULES } from "../../../sdk/policy/rules/config-and-secrets.ts";
import { HEALTH_AND_LIFECYCLE_RULES } from "../../../sdk/policy/rules/health-and-lifecycle.ts";
import { RESOURCE_RULES } from "../../../sdk/policy/rules/resources.ts";
import { SUPPLY_CHAIN_RULES } from "../../../sdk/policy/rules/supply-chain.ts";
import { graphWith, stackGraph, workload } from "./fixtures.ts";

/** A rule that flags every workload whose root filesystem is writable. */
const readonlyRoot: Rule = {
  id: "sec.readonly-rootfs",
  on: ["service", "container", "job"],
  targets: ["docker-host", "swarm", "fargate", "kubernetes"],
  dev: "W",
  prod: "E",
  mandatory: false,
  summary: "The root filesystem is read-only",
  why: "a writable root lets a compromised process persist files and fill the disk.",
  fix: 'readOnlyRootFilesystem: true, and mount writable paths: tmpfs: ["/tmp"]',
  check: (node) =>
    node && "readOnlyRootFilesystem" in node.spec && !node.spec.readOnlyRootFilesystem
      ? [{ field: "readOnlyRootFilesystem", found: "false", message: `Service '${node.id.split("/").pop()}' has a writable root filesystem.` }]
      : [],
};

/** A mandatory rule flagging privileged workloads, only defined for D E K. */
const privileged: Rule = {
  id: "sec.no-privileged",
  on: ["service", "container", "job"],
  targets: ["docker-host", "fargate", "kubernetes"],
  dev: "E",
  prod: "E",
  mandatory: true,
  summary: "The workload is not privileged",
  why: "privileged containers own the host.",
  fix: "privileged: false",
  check: (node) => (node && "privileged" in node.spec && node.spec.privileged ? [{ field: "privileged", found: "true", message: "privileged" }] : []),
};

/** A stack-wide rule that is off in dev. */
const stackWide: Rule = {
  id: "graph.labels",
  on: ["stack"],
  targets: ["docker-host"],
  dev: "-",
  prod: "W",
  mandatory: false,
  summary: "Required labels are present",
  why: "owners must be findable.",
  fix: 'requiredLabels: ["team"]',
  check: () => [{ field: "requiredLabels", found: "[]", message: "Stack 'shop' requires no labels." }],
};

const rules = [readonlyRoot, privileged, stackWide];
const writable = (id = "Shop/web") => workload(id, { readOnlyRootFilesystem: false });
const now = new Date("2026-06-15T12:00:00Z");

describe("checkGraph", () => {
  it("warns in the dev profile and fails in the prod profile for the same rule", () => {
    const dev = checkGraph(graphWith([writable()], { profile: "dev" }), { rules, now });
    const prod = checkGraph(graphWith([writable()], { profile: "prod" }), { rules, now });
    expect(dev.findings.map((f) => [f.rule, f.severity])).toEqual([["sec.readonly-rootfs", "warning"]]);
    expect([dev.errors, dev.warnings]).toEqual([0, 1]);
    expect(prod.findings.map((f) => [f.rule, f.severity])).toEqual([
      ["graph.labels", "warning"],
      ["sec.readonly-rootfs", "error"],
    ]);
    expect([prod.errors, prod.warnings, prod.suppressed]).toEqual([1, 1, 0]);
  });

  it("runs the built-in pack by default, louder in prod than in dev", () => {
    const partA = new Set<string>([...SUPPLY_CHAIN_RULES, ...CONFIG_AND_SECRETS_RULES, ...RESOURCE_RULES, ...HEALTH_AND_LIFECYCLE_RULES].map((r) => r.id));
    const run = (environment: string) => {
      const graph = stackGraph((s) => void new Service(s, "web", { image: Image.fromRegistry("nginx:latest"), ports: [8080] }), { environment });
      return checkGraph(graph, { now }).findings.filter((f) => partA.has(f.rule)).map((f) => `${f.rule} ${f.severity}`);
    };
    expect(run("dev")).toEqual(["image.no-latest warning", "res.memory-limit warning", "res.cpu-limit warning", "health.check warning"]);
    expect(run("prod")).toEqual([
      "image.registry-allowlist error",
      "image.no-latest error",
      "image.digest-pinned error",
      "res.memory-limit error",
      "res.cpu-limit error",
      "res.pids-limit warning",
      "health.check error",
      "lifecycle.graceful-stop warning",
    ]);
  });

  it("suppresses a finding on the node a waiver names, and still reports it", () => {
    const graph = graphWith([writable()], {
      profile: "prod",
      suppressions: [{ rule: "sec.readonly-rootfs", node: "Shop/web", reason: "legacy app writes to /var/cache", owner: "ops", expires: "2026-12-31" }],
    });
    const r = checkGraph(graph, { rules: [readonlyRoot], now });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.suppressed).toEqual({ reason: "legacy app writes to /var/cache", owner: "ops", expires: "2026-12-31" });
    expect([r.errors, r.warnings, r.suppressed]).toEqual([0, 0, 1]);
  });

  it("does not apply a waiver on another node", () => {
    const graph = graphWith([writable("Shop/web"), writable("Shop/worker")], {
      profile: "prod",
      suppressions: [{ rule: "sec.readonly-rootfs", node: "Shop/worker", reason: "worker unpacks archives in place" }],
    });
    const r = checkGraph(graph, { rules: [readonlyRoot], now });
    expect(r.findings.map((f) => [f.node, f.suppressed !== undefined])).toEqual([
      ["Shop/web", false],
      ["Shop/worker", true],
    ]);
    expect(r.errors).toBe(1);
  });

  it("applies a waiver without a node to the whole stack and a component waiver to the nodes below it", () => {
    const graph = graphWith([writable("Shop/web"), writable("Admin/tool")], {
      profile: "prod",
      suppressions: [
        { rule: "sec.readonly-rootfs", node: "Shop", reason: "the shop component is legacy" },
        { rule: "graph.labels", reason: "labels arrive with the next platform release" },
      ],
    });
    const r = checkGraph(graph, { rules, now });
    expect(r.findings.map((f) => [f.rule, f.node ?? null, f.suppressed?.reason ?? null])).toEqual([
      ["graph.labels", null, "labels arrive with the next platform release"],
      ["sec.readonly-rootfs", "Admin/tool", null],
      ["sec.readonly-rootfs", "Shop/web", "the shop component is legacy"],
    ]);
  });

  it("fails closed once a waiver's expiry date has passed, with a note", () => {
    const graph = graphWith([writable()], {
      profile: "prod",
      suppressions: [{ rule: "sec.readonly-rootfs", node: "Shop/web", reason: "legacy app writes to /var/cache", expires: "2026-06-14" }],
    });
    const r = checkGraph(graph, { rules: [readonlyRoot], now });
    expect(r.findings[0]!.suppressed).toBeUndefined();
    expect(r.findings[0]!.waiverIgnored).toBe("waiver expired on 2026-06-14");
    expect(r.errors).toBe(1);
    const onTheDay = checkGraph(graph, { rules: [readonlyRoot], now: new Date("2026-06-14T23:59:59Z") });
    expect(onTheDay.suppressed).toBe(1);
  });

  it("does not let a waiver suppress a mandatory rule in the prod profile", () => {
    const suppressions = [{ rule: "sec.no-privileged", node: "Shop/web", reason: "needs to load a kernel module" }];
    const node = workload("Shop/web", { privileged: true });
    const prod = checkGraph(graphWith([node], { profile: "prod", suppressions }), { rules: [privileged], now });
    expect(prod.findings).toMatchObject([{ rule: "sec.no-privileged", severity: "error", waiverIgnored: "waiver ignored: rule is mandatory", waivable: false }]);
    expect(prod.errors).toBe(1);
    const dev = checkGraph(graphWith([node], { profile: "dev", suppressions }), { rules: [privileged], now });
    expect([dev.errors, dev.suppressed]).toEqual([0, 1]);
  });

  it("turns every waiver off when the stack disables waivers", () => {
    const graph = graphWith([writable()], {
      profile: "prod",
      waiversDisabled: true,
      suppressions: [{ rule: "sec.readonly-rootfs", node: "Shop/web", reason: "legacy app writes to /var/cache" }],
    });
    const r = checkGraph(graph, { rules: [readonlyRoot], now });
    expect(r.findings[0]!.waiverIgnored).toBe("waiver ignored: waivers are disabled for this stack");
    expect([r.errors, r.suppressed]).toEqual([1, 0]);
  });

  it("ignores portability acknowledgements", () => {
    const graph = graphWith([writable()], {
      profile: "prod",
      suppressions: [{ rule: "portability.readOnlyRootFilesystem", node: "Shop/web", reason: "degraded on this target" }],
    });
    const r = checkGraph(graph, { rules: [readonlyRoot], now });
    expect([r.errors, r.suppressed]).toEqual([1, 0]);
    expect(r.findings[0]!.waiverIgnored).toBeUndefined();
  });

  it("skips a rule that is not defined for the stack's target", () => {
    const node = workload("Shop/web", { privileged: true });
    const swarm = checkGraph(graphWith([node], { target: { kind: "swarm" } }), { rules: [privileged], now });
    const docker = checkGraph(graphWith([node], { target: { kind: "docker-host" } }), { rules: [privileged], now });
    expect(swarm.findings).toEqual([]);
    expect(docker.findings.map((f) => f.rule)).toEqual(["sec.no-privileged"]);
  });

  it("collects every finding in a deterministic order whatever the node order", () => {
    const nodes = [writable("Shop/worker"), workload("Shop/web", { privileged: true, readOnlyRootFilesystem: false }), writable("Admin/tool")];
    const a = checkGraph(graphWith(nodes, { profile: "prod" }), { rules, now });
    const b = checkGraph(graphWith([...nodes].reverse(), { profile: "prod" }), { rules: [...rules].reverse(), now });
    expect(a.findings.map((f) => `${f.path} ${f.rule}`)).toEqual([
      "shop graph.labels",
      "shop/Admin/tool sec.readonly-rootfs",
      "shop/Shop/web sec.readonly-rootfs",
      "shop/Shop/web sec.no-privileged",
      "shop/Shop/worker sec.readonly-rootfs",
    ]);
    expect(b.findings.map((f) => `${f.path} ${f.rule}`).sort()).toEqual(a.findings.map((f) => `${f.path} ${f.rule}`).sort());
    expect([a.errors, a.warnings]).toEqual([4, 1]);
  });

  it("runs a target's rules next to the built-in ones, and hands them the lowered graph and facts", () => {
    const seen: unknown[] = [];
    const fits: Rule = { ...stackWide, id: "res.fits-host", dev: "E", needs: { lowered: true }, check: (_n, ctx) => (seen.push([ctx.lowered, ctx.facts]), []) };
    const r = checkGraph(graphWith([workload("Shop/web")]), { target: { rules: [fits], lowered: { cpus: 2 }, facts: { engineCpus: 2 } }, now });
    expect(seen).toEqual([[{ cpus: 2 }, { engineCpus: 2 }]]);
    expect(r.findings.every((f) => BUILTIN_RULES.some((b) => b.id === f.rule))).toBe(true);
    expect(r.skipped).toEqual([]);
  });

  it("skips a target rule with a note when the lowered graph or a fact it needs is unknown", () => {
    const needs = { lowered: true, facts: { engineCpus: "the Docker engine's CPU count" } };
    const fits: Rule = { ...stackWide, id: "res.fits-host", dev: "E", needs, check: () => { throw new Error("must not run"); } };
    const graph = graphWith([workload("Shop/web")]);
    const noFacts = checkGraph(graph, { rules: [], target: { rules: [fits], lowered: {}, facts: { engineCpus: undefined } }, now });
    const notLowered = checkGraph(graph, { rules: [], target: { rules: [fits] }, now });
    expect([noFacts.findings, noFacts.skipped]).toEqual([[], [{ rule: "res.fits-host", reason: "needs the Docker engine's CPU count (fact 'engineCpus'), which is unknown here" }]]);
    expect(notLowered.skipped).toEqual([{ rule: "res.fits-host", reason: "needs the graph lowered for the target, which this check was not given" }]);
  });

  it("notes no skipped rule that is off in the profile or not defined for the target anyway", () => {
    const offInDev: Rule = { ...stackWide, id: "res.fits-host", needs: { lowered: true } };
    expect(checkGraph(graphWith([]), { rules: [], target: { rules: [offInDev] }, now }).skipped).toEqual([]);
  });

  it("turns a rule that throws into an error finding of that rule and keeps the others", () => {
    const broken: Rule = { ...privileged, check: () => { throw new Error("EACCES: permission denied, open 'web/Dockerfile'"); } };
    const r = checkGraph(graphWith([writable()], { profile: "prod" }), { rules: [broken, readonlyRoot], now });
    expect(r.findings.map((f) => [f.rule, f.severity, f.message])).toEqual([
      ["sec.no-privileged", "error", "Policy rule sec.no-privileged could not check this: EACCES: permission denied, open 'web/Dockerfile'"],
      ["sec.readonly-rootfs", "error", "Service 'web' has a writable root filesystem."],
    ]);
  });

  it("refuses two rules with the same id", () => {
    expect(() => checkGraph(graphWith([]), { rules: [readonlyRoot, readonlyRoot] })).toThrow("Policy rule 'sec.readonly-rootfs' is registered twice.");
  });
});

describe("formatFinding", () => {
  it("prints a finding in the message format docs/policy.md describes", () => {
    const r = checkGraph(graphWith([writable()], { profile: "prod" }), { rules: [readonlyRoot], now });
    expect(formatFinding(r.findings[0]!)).toMatchInlineSnapshot(`
      "✖ [sec.readonly-rootfs] Service 'web' has a writable root filesystem.
        → at shop/Shop/web  (field: readOnlyRootFilesystem, found: false)
        Why: a writable root lets a compromised process persist files and fill the disk.
        Fix: readOnlyRootFilesystem: true, and mount writable paths: tmpfs: ["/tmp"]
        Waive: stack.policy.suppress("sec.readonly-rootfs", { on: web, reason: "..." })"
    `);
  });

  it("prints warnings with ⚠, suppressed findings with their waiver, and ignored waivers with a note", () => {
    const graph = graphWith([writable("Shop/web"), writable("Shop/worker"), workload("Shop/admin", { privileged: true })], {
      profile: "prod",
      suppressions: [
        { rule: "sec.readonly-rootfs", node: "Shop/web", reason: "legacy app writes to /var/cache", owner: "ops", expires: "2026-12-31" },
        { rule: "sec.readonly-rootfs", node: "Shop/worker", reason: "worker unpacks archives", expires: "2026-01-01" },
        { rule: "sec.no-privileged", node: "Shop/admin", reason: "needs to load a kernel module" },
      ],
    });
    const r = checkGraph(graph, { rules: [readonlyRoot, privileged, stackWide], now });
    expect(formatReport(r)).toMatchInlineSnapshot(`
      "⚠ [graph.labels] Stack 'shop' requires no labels.
        → at shop  (field: requiredLabels, found: [])
        Why: owners must be findable.
        Fix: requiredLabels: ["team"]
        Waive: stack.policy.suppress("graph.labels", { reason: "..." })

      ✖ [sec.no-privileged] privileged
        → at shop/Shop/admin  (field: privileged, found: true)
        Why: privileged containers own the host.
        Fix: privileged: false
        Note: waiver ignored: rule is mandatory

      ○ [sec.readonly-rootfs] Service 'web' has a writable root filesystem.
        → at shop/Shop/web  (field: readOnlyRootFilesystem, found: false)
        suppressed: legacy app writes to /var/cache (ops, expires 2026-12-31)

      ✖ [sec.readonly-rootfs] Service 'worker' has a writable root filesystem.
        → at shop/Shop/worker  (field: readOnlyRootFilesystem, found: false)
        Why: a writable root lets a compromised process persist files and fill the disk.
        Fix: readOnlyRootFilesystem: true, and mount writable paths: tmpfs: ["/tmp"]
        Waive: stack.policy.suppress("sec.readonly-rootfs", { on: worker, reason: "..." })
        Note: waiver expired on 2026-01-01

      2 errors, 1 warning, 1 suppressed"
    `);
  });
});
