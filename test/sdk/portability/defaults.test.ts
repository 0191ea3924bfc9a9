import { describe, expect, it } from "vitest";
import { DockerHost, Fargate, Image, Kubernetes, Service, Size, Stack, StackConfig, Swarm, synth, type Target } from "../../../sdk/index.ts";
import type { WorkloadProps } from "../../../sdk/constructs/workload-props.ts";
import { canonicalJson } from "../../../sdk/graph/canonical.ts";
import type { Graph, TargetKind } from "../../../sdk/graph/schema.ts";
import { checkGraph } from "../../../sdk/policy/check.ts";
import { formatPortability, formatPortabilityFinding } from "../../../sdk/portability/format.ts";
import { portabilityFindings } from "../../../sdk/portability/report.ts";
import { reportOn } from "../../support/portability.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const DIGEST = `sha256:${"a".repeat(64)}`;
const TARGETS: Record<TargetKind, () => Target> = {
  "docker-host": () => new DockerHost(),
  swarm: () => new Swarm(),
  fargate: () => new Fargate({ cluster: "apps", region: "eu-west-1" }),
  kubernetes: () => new Kubernetes({ namespace: "apps" }),
};

/** What the plain program's `api` may set on top of its plain props. */
type Extra = Partial<Pick<WorkloadProps, "noNewPrivileges" | "update">>;

/**
 * A plain program with no waivers: `api` (pinned image, env, a port, limits, a user, a
 * healthcheck, 2 replicas) and `web`, which starts once `api` is healthy.
 */
function plainProgram(target: TargetKind, extra: Extra = {}, profile: "dev" | "prod" = "dev"): Graph {
  const stack = new Stack("plain", { environment: profile, profile, target: TARGETS[target](), config: StackConfig.from({}) });
  const limits = { cpu: 0.5, memory: Size.mebibytes(256) };
  const api = new Service(stack, "api", {
    image: Image.fromRegistry(`registry.example.com/team/api:1.4.2@${DIGEST}`),
    env: { LOG_LEVEL: "info" },
    ports: [8080],
    resources: limits,
    user: "10001:10001",
    healthcheck: { http: { port: 8080, path: "/healthz" } },
    replicas: 2,
    ...extra,
  });
  new Service(stack, "web", {
    image: Image.fromRegistry(`registry.example.com/team/web:2.0.1@${DIGEST}`),
    ports: [8081],
    resources: limits,
    user: "10001:10001",
    healthcheck: { tcp: { port: 8081 } },
    replicas: 2,
    dependsOn: [{ on: api, condition: "healthy" }],
  });
  return synth(stack);
}

/** Policy and portability findings of the stack's own target, as `berth check` gathers them. */
function check(graph: Graph) {
  const report = reportOn(graph, undefined, { now: NOW });
  const portable = portabilityFindings(report, graph, NOW);
  const policy = checkGraph(graph, { now: NOW });
  const errors = [...policy.findings, ...portable].filter((f) => f.severity === "error" && !f.suppressed);
  return { report, portable, policy, errors };
}

const row = (text: string, feature: string) => text.split("\n").find((l) => l.trimStart().startsWith(`${feature} `));

describe("Berth's secure defaults on every target", () => {
  it("passes a plain program with no waivers on each of the four targets in the dev profile", () => {
    for (const target of Object.keys(TARGETS) as TargetKind[]) {
      const { errors, portable } = check(plainProgram(target));
      expect({ target, errors: errors.map((f) => `${f.rule} ${f.node}`) }).toEqual({ target, errors: [] });
      expect({ target, portable }).toEqual({ target, portable: [] });
    }
  });

  it("shows no-new-privileges on swarm as Berth's default, left to the daemon", () => {
    const { report } = check(plainProgram("swarm"));
    expect(report.entries.find((e) => e.feature === "hardening.noNewPrivileges")).toEqual({
      feature: "hardening.noNewPrivileges",
      support: "degraded",
      note: "not settable per service; only daemon-wide (dockerd --no-new-privileges) on every node",
      nodes: ["api", "web"],
      byDefault: ["api", "web"],
      asDefault: "not settable per service: left to the daemon (dockerd --no-new-privileges on every node); Berth's default is not applied",
    });
    expect(row(formatPortability(report), "hardening.noNewPrivileges")).toBe(
      "  hardening.noNewPrivileges         default   api, web                          not settable per service: left to the daemon (dockerd --no-new-privileges on every node); Berth's default is not applied",
    );
  });

  it("shows no-new-privileges on Fargate as Berth's default, left to Fargate's runtime", () => {
    const { report } = check(plainProgram("fargate"));
    expect(report.entries.find((e) => e.feature === "hardening.noNewPrivileges")).toEqual({
      feature: "hardening.noNewPrivileges",
      support: "unsupported",
      note: "dockerSecurityOptions is not valid on Fargate; no-new-privileges cannot be set",
      nodes: ["api", "web"],
      byDefault: ["api", "web"],
      asDefault: "Fargate's own runtime defaults (dockerSecurityOptions is not valid on Fargate); Berth's default is not applied",
    });
    expect(row(formatPortability(report), "hardening.noNewPrivileges")).toBe(
      "  hardening.noNewPrivileges         default   api, web                          Fargate's own runtime defaults (dockerSecurityOptions is not valid on Fargate); Berth's default is not applied",
    );
  });

  it("shows the default update settings of a 2-replica service on the Docker host as what they become there", () => {
    const { report } = check(plainProgram("docker-host"));
    expect(report.entries.find((e) => e.feature === "update")).toMatchObject({
      support: "degraded",
      nodes: ["api", "web"],
      byDefault: ["api", "web"],
      asDefault: "replicas are replaced (removed, then recreated) and waited for until healthy; Berth's default rolling update and rollback do not apply",
    });
  });

  it("shows a default the target honours with the target's own setting, and counts default rows apart", () => {
    const text = formatPortability(check(plainProgram("kubernetes")).report);
    expect(row(text, "hardening.noNewPrivileges")).toMatch(/^ {2}hardening\.noNewPrivileges +default +api, web +securityContext\.allowPrivilegeEscalation: false$/);
    expect(text.trimEnd().split("\n").pop()).toBe("  13 features used: 6 honoured, 1 emulated, 0 degraded, 0 unsupported, 6 by default");
  });

  it("fails noNewPrivileges set explicitly on swarm, with a fix naming the field", () => {
    const { errors, report } = check(plainProgram("swarm", { noNewPrivileges: true }));
    expect(errors.map((f) => [f.rule, f.node, f.field, f.found])).toEqual([["portability.hardening.noNewPrivileges", "api", "noNewPrivileges", "true"]]);
    expect(formatPortabilityFinding(errors[0]!)).toBe(
      [
        "✖ [portability.hardening.noNewPrivileges] Service 'api' sets noNewPrivileges (true); hardening.noNewPrivileges is degraded on swarm: not settable per service; only daemon-wide (dockerd --no-new-privileges) on every node.",
        "  → at plain/api  (field: noNewPrivileges, found: true)",
        "  Why: swarm offers something close that behaves differently from what the program says.",
        "  Fix: Remove noNewPrivileges from Service 'api' to leave it to Berth's default (on swarm: not settable per service: left to the daemon (dockerd --no-new-privileges on every node); Berth's default is not applied), or accept the difference on swarm in code with stack.portability.acknowledge(\"hardening.noNewPrivileges\", { on, reason }).",
        '  Waive: stack.portability.acknowledge("hardening.noNewPrivileges", { on: api, reason: "..." })',
      ].join("\n"),
    );
    // web still uses it only by default: the row fails for api alone and says what web got.
    const lines = formatPortability(report).split("\n");
    const i = lines.findIndex((l) => l.trimStart().startsWith("hardening.noNewPrivileges "));
    expect(lines[i]).toMatch(/^ {2}hardening\.noNewPrivileges +✖ degraded +api +not settable per service; only daemon-wide/);
    expect(lines[i + 1]!.trim()).toBe(
      "default on web: not settable per service: left to the daemon (dockerd --no-new-privileges on every node); Berth's default is not applied",
    );
  });

  it("fails update set explicitly on a 2-replica service on the Docker host", () => {
    const { errors } = check(plainProgram("docker-host", { update: { parallelism: 1 } }));
    expect(errors.map((f) => [f.rule, f.node, f.field, f.found, f.message])).toEqual([
      [
        "portability.update",
        "api",
        "update",
        "order start-first, failure rollback",
        "Service 'api' sets update (order start-first, failure rollback); update is degraded on docker-host: containers are replaced (removed, then recreated); no rolling update, health gate or automatic rollback.",
      ],
    ]);
    expect(errors[0]!.fix).toBe(
      "Remove update from Service 'api' to leave it to Berth's default (on docker-host: replicas are replaced (removed, then recreated) and waited for until healthy; Berth's default rolling update and rollback do not apply), or accept the difference on docker-host in code with stack.portability.acknowledge(\"update\", { on, reason }).",
    );
  });

  it("passes an explicit setting once acknowledged, and the acknowledgement covers only the nodes that set it", () => {
    const stack = new Stack("plain", { environment: "dev", target: new Swarm(), config: StackConfig.from({}) });
    const api = new Service(stack, "api", { image: Image.fromRegistry(`nginx:1.27@${DIGEST}`), noNewPrivileges: true });
    new Service(stack, "web", { image: Image.fromRegistry(`nginx:1.27@${DIGEST}`) });
    stack.portability.acknowledge("hardening.noNewPrivileges", { on: api, reason: "every node runs dockerd --no-new-privileges" });
    const { report, errors } = check(synth(stack));
    expect(errors).toEqual([]);
    expect(report.entries.find((e) => e.feature === "hardening.noNewPrivileges")).toMatchObject({
      nodes: ["api", "web"],
      byDefault: ["web"],
      acknowledged: { reason: "every node runs dockerd --no-new-privileges" },
    });
  });

  it("names only the fields a user must fix in the prod profile: a registry allowlist and networks", () => {
    const rules = (target: TargetKind) => check(plainProgram(target, {}, "prod")).errors.map((f) => `${f.rule} ${f.node ?? "-"}`);
    expect(rules("docker-host")).toEqual(["image.registry-allowlist -", "net.isolation api", "net.isolation web"]);
    expect(rules("swarm")).toEqual(["image.registry-allowlist -", "net.isolation api", "net.isolation web"]);
    expect(rules("fargate")).toEqual(["image.registry-allowlist -"]);
    expect(rules("kubernetes")).toEqual(["image.registry-allowlist -", "net.isolation api", "net.isolation web"]);
  });

  it("synthesizes the same program to the same bytes, defaults included", () => {
    const a = canonicalJson(plainProgram("swarm"));
    expect(canonicalJson(plainProgram("swarm"))).toBe(a);
    expect(a).toContain('"defaults":["capabilities.drop","init","logging","noNewPrivileges","readOnlyRootFilesystem","restart","rollback","update"]');
  });
});
