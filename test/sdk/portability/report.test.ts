import { describe, expect, it } from "vitest";
import { Shop } from "../../../examples/shop/shop.ts";
import { DockerHost, Image, Kubernetes, Service, Stack, StackConfig, Swarm, synth, type Target, type WaiverOptions } from "../../../sdk/index.ts";
import { formatPortability, formatPortabilityFinding } from "../../../sdk/portability/format.ts";
import { portabilityFindings } from "../../../sdk/portability/report.ts";
import { reportOn, reportsOnAll } from "../../support/portability.ts";

const NOW = new Date("2026-06-01T12:00:00Z");

/** A stack with one privileged service `agent` and one plain service `web` that depends on it. */
function privilegedStack(target: Target = new Swarm(), acknowledge?: (stack: Stack, agent: Service, web: Service) => void) {
  const stack = new Stack("ops", { environment: "test", target, config: StackConfig.from({}) });
  const agent = new Service(stack, "agent", { image: Image.fromRegistry("example/agent:1.2"), privileged: true, noNewPrivileges: false });
  const web = new Service(stack, "web", { image: Image.fromRegistry("nginx:1.27"), noNewPrivileges: false, dependsOn: [{ on: agent, condition: "healthy" }] });
  acknowledge?.(stack, agent, web);
  return synth(stack);
}

function check(graph: ReturnType<typeof privilegedStack>, target = graph.stack.target.kind) {
  const report = reportOn(graph, target, { now: NOW });
  const findings = portabilityFindings(report, graph, NOW);
  return { report, findings, errors: findings.filter((f) => !f.suppressed && f.severity === "error") };
}

const reason: WaiverOptions["reason"] = "node agent needs raw devices; ticket OPS-7";

describe("portability report", () => {
  it("fails a graph that uses privileged on swarm", () => {
    const { report, findings, errors } = check(privilegedStack());
    expect(report.entries.find((e) => e.feature === "privileged")).toEqual({
      feature: "privileged",
      support: "unsupported",
      note: "swarm services cannot run privileged",
      nodes: ["agent"],
    });
    expect(findings).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(formatPortabilityFinding(findings[0]!)).toMatchInlineSnapshot(`
      "✖ [portability.privileged] Service 'agent' sets privileged (true); privileged is unsupported on swarm: swarm services cannot run privileged.
        → at ops/agent  (field: privileged, found: true)
        Why: swarm has no such setting: it would be dropped or rejected, and the stack would not run as written.
        Fix: Remove privileged from Service 'agent' where you can, or accept the difference on swarm in code with stack.portability.acknowledge("privileged", { on, reason }); berth check --all-targets shows where it is honoured.
        Waive: stack.portability.acknowledge("privileged", { on: agent, reason: "..." })"
    `);
  });

  it("passes the same graph when the feature is acknowledged in code, and shows it as suppressed", () => {
    const g = privilegedStack(new Swarm(), (s, agent) => s.portability.acknowledge("privileged", { on: agent, reason, owner: "ops", expires: "2026-12-31" }));
    const { report, findings, errors } = check(g);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.rule, f.node, f.suppressed])).toEqual([
      ["portability.privileged", "agent", { reason, owner: "ops", expires: "2026-12-31" }],
    ]);
    expect(report.entries.find((e) => e.feature === "privileged")!.acknowledged).toEqual({ reason, owner: "ops", expires: "2026-12-31" });
    expect(formatPortabilityFinding(findings[0]!)).toContain("○ [portability.privileged]");
    expect(formatPortability(report)).toContain(`acknowledged: ${reason} (ops, expires 2026-12-31)`);
  });

  it("accepts a stack-wide acknowledgement for every node", () => {
    const g = privilegedStack(new Swarm(), (s) => s.portability.acknowledge("privileged", { reason }));
    expect(check(g).errors).toEqual([]);
  });

  it("fails again once the acknowledgement has expired", () => {
    const g = privilegedStack(new Swarm(), (s, agent) => s.portability.acknowledge("privileged", { on: agent, reason, expires: "2026-05-31" }));
    const { report, findings, errors } = check(g);
    expect(errors).toHaveLength(1);
    expect(findings[0]!.suppressed).toBeUndefined();
    expect(findings[0]!.waiverIgnored).toBe("acknowledgement expired on 2026-05-31");
    expect(report.entries.find((e) => e.feature === "privileged")!.acknowledged).toBeUndefined();
  });

  it("still counts an acknowledgement on its expiry day", () => {
    const g = privilegedStack(new Swarm(), (s, agent) => s.portability.acknowledge("privileged", { on: agent, reason, expires: "2026-06-01" }));
    expect(check(g).errors).toEqual([]);
  });

  it("ignores acknowledgements when the stack disables waivers", () => {
    const stack = new Stack("ops", { environment: "test", target: new Swarm(), config: StackConfig.from({}) });
    const agent = new Service(stack, "agent", { image: Image.fromRegistry("example/agent:1.2"), privileged: true, noNewPrivileges: false });
    stack.portability.acknowledge("privileged", { on: agent, reason });
    stack.policy.disableWaivers();
    const { findings, errors } = check(synth(stack));
    expect(errors).toHaveLength(1);
    expect(findings[0]!.waiverIgnored).toBe("acknowledgement ignored: waivers are disabled for this stack");
  });

  it("does not let an acknowledgement of another feature or another node count", () => {
    const g = privilegedStack(new Swarm(), (s, _agent, web) => {
      s.portability.acknowledge("devices", { reason });
      s.portability.acknowledge("privileged", { on: web, reason });
    });
    expect(check(g).errors.map((f) => f.rule)).toEqual(["portability.privileged"]);
  });

  it("passes emulated features: dependsOn healthy on swarm gives no finding", () => {
    const { report, findings } = check(privilegedStack(new Swarm()));
    expect(report.entries.find((e) => e.feature === "dependsOn.healthy")).toEqual({
      feature: "dependsOn.healthy",
      support: "emulated",
      note: "wait for convergence of the dependency (tasks healthy) before creating the service",
      nodes: ["web"],
    });
    expect(findings.map((f) => f.rule)).toEqual(["portability.privileged"]);
  });

  it("reports on another target than the stack's own when asked", () => {
    const g = privilegedStack(new Kubernetes({ namespace: "ops" }));
    expect(check(g).errors).toEqual([]);
    expect(check(g, "swarm").errors.map((f) => f.rule)).toEqual(["portability.privileged"]);
    expect(reportsOnAll(g, { now: NOW }).map((r) => r.target)).toEqual(["docker-host", "swarm", "fargate", "kubernetes"]);
  });

  it("lists at most three nodes per row and counts the rest", () => {
    const stack = new Stack("many", { environment: "test", target: new Swarm(), config: StackConfig.from({}) });
    for (const id of ["a", "b", "c", "d", "e"]) new Service(stack, id, { image: Image.fromRegistry("nginx:1.27"), privileged: true });
    const text = formatPortability(reportOn(synth(stack), undefined, { now: NOW }));
    expect(text.split("\n").find((l) => l.trimStart().startsWith("privileged"))).toBe(
      "  privileged                        ✖ unsupported  a, b, c +2 more   swarm services cannot run privileged",
    );
  });

  it("renders the shop example on a Docker host as a table", () => {
    const stack = new Stack("shop", { environment: "dev", target: new DockerHost(), config: StackConfig.from({ mode: "dev", dbPassword: "x" }) });
    new Shop(stack, "Shop", { replicas: 1 });
    const text = formatPortability(reportOn(synth(stack), undefined, { now: NOW }));
    expect(text).toMatchInlineSnapshot(`
      "Portability of shop on docker-host:
        FEATURE                           SUPPORT     NODES                            NOTE
        image.registry                    honoured    image/postgres-16.4              pulled by digest (pinned by berth.lock) or by tag
        image.build                       honoured    image/web                        built on the engine and tagged by content (pushed when the target has a registry)
        service                           emulated    Shop/db, Shop/web                N containers <stack>-<service>-<i> kept by Berth (no scheduler)
        job                               honoured    Shop/migrate                     a container run to completion; its exit code decides
        network                           honoured    Shop/backend                     user-defined bridge network
        volume                            honoured    Shop/pgdata                      named local volume (kept on down)
        secret                            emulated    Shop/db, Shop/migrate, Shop/web  a 0400 file owned by the service's uid, bind-mounted read-only at /run/secrets/<name>; never env
        ports.published                   honoured    Shop/web                         published on the host (bind address from the port or the target)
        healthcheck                       honoured    Shop/db, Shop/web                HEALTHCHECK
        healthcheck.http                  emulated    Shop/web                         HEALTHCHECK command probing the port from inside the container (the image needs the probe tool)
        dependsOn.healthy                 honoured    Shop/migrate                     created after the dependency reports healthy
        dependsOn.completed               honoured    Shop/web                         created after the dependency exits 0
        resources.limits                  honoured    Shop/db, Shop/migrate, Shop/web  NanoCpus and Memory
        resources.reservations            ✖ degraded  Shop/db, Shop/migrate, Shop/web  MemoryReservation is a soft limit; no CPU reservation (CpuShares are relative weights)
        logging                           default     Shop/db, Shop/migrate, Shop/web  json-file/local driver with max-size/max-file rotation
        hardening.user                    honoured    Shop/db, Shop/migrate, Shop/web  User
        hardening.readOnlyRootFilesystem  default     Shop/db, Shop/migrate, Shop/web  ReadonlyRootfs
        hardening.capabilities            default     Shop/db, Shop/migrate, Shop/web  CapDrop
        hardening.noNewPrivileges         default     Shop/db, Shop/migrate, Shop/web  SecurityOpt no-new-privileges
        hardening.init                    default     Shop/db, Shop/migrate, Shop/web  Init (an init process as PID 1)
        tmpfs                             honoured    Shop/db, Shop/migrate, Shop/web  Tmpfs mounts
        stopGracePeriod                   honoured    Shop/db, Shop/migrate, Shop/web  StopTimeout
        22 features used: 13 honoured, 3 emulated, 1 degraded, 0 unsupported, 5 by default
      "
    `);
  });
});
