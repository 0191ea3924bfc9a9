/**
 * A SwarmService in the portability report (honoured on swarm, unsupported everywhere else,
 * failing closed naming it) and under the policy pack (workload rules read its ServiceSpec).
 */
import { describe, expect, it } from "vitest";
import { DockerHost, Fargate, Image, Kubernetes, Stack, Swarm, SwarmService, synth, type Target } from "../../../sdk/index.ts";
import { checkGraph } from "../../../sdk/policy/check.ts";
import { portabilityFindings } from "../../../sdk/portability/report.ts";
import { reportOn } from "../../support/portability.ts";
import { swarmServicePortable } from "../../providers/swarm/swarm-service-fixture.ts";

const NOW = new Date("2026-12-01T00:00:00Z");
const entry = (target: Target) => {
  const g = swarmServicePortable(target);
  return { g, report: reportOn(g, undefined, { now: NOW }) };
};

describe("SwarmService portability", () => {
  it("is honoured on swarm, with no finding", () => {
    const { g, report } = entry(new Swarm());
    expect(report.entries.find((e) => e.feature === "target.swarm-service")).toEqual({
      feature: "target.swarm-service",
      support: "honoured",
      note: "the ServiceSpec as written, with Berth's name, ownership labels, pinned image, versioned secrets/configs and networks",
      nodes: ["agent"],
    });
    expect(portabilityFindings(report, g, NOW).filter((f) => f.rule === "portability.target.swarm-service")).toEqual([]);
  });

  for (const [kind, target, where] of [
    ["docker-host", new DockerHost(), "a Docker host has no services"],
    ["fargate", new Fargate({ cluster: "c", region: "eu-west-1" }), "ECS cannot run it"],
    ["kubernetes", new Kubernetes({ namespace: "shop" }), "Kubernetes cannot run it"],
  ] as const) {
    it(`is unsupported on ${kind}, with an error finding naming SwarmService and its node path`, () => {
      const { g, report } = entry(target);
      const note = `SwarmService is a swarm-only construct (a Docker Engine ServiceSpec); ${where}: use a portable Service, or deploy this stack to Swarm`;
      expect(report.entries.find((e) => e.feature === "target.swarm-service")).toEqual({ feature: "target.swarm-service", support: "unsupported", note, nodes: ["agent"] });
      const findings = portabilityFindings(report, g, NOW).filter((f) => f.rule === "portability.target.swarm-service");
      expect(findings.map((f) => [f.severity, f.path, f.node, f.field, f.found, f.message])).toEqual([
        ["error", "mixed/agent", "agent", "kind", "swarm-service", `SwarmService 'agent' is a swarm-service, and target.swarm-service is unsupported on ${kind}: ${note}.`],
      ]);
    });
  }
});

describe("SwarmService under the policy pack", () => {
  it("is checked by the workload rules through its ServiceSpec: a bare spec on prod fails them, naming the construct", () => {
    const stack = new Stack("p", { environment: "prod", target: new Swarm() });
    new SwarmService(stack, "bare", { image: Image.fromRegistry("busybox:1.36") });
    const found = checkGraph(synth(stack), { now: NOW }).findings.filter((f) => f.node === "bare");
    expect(found.map((f) => `${f.rule} ${f.severity} ${f.field}=${f.found}`)).toEqual([
      "image.digest-pinned error image=\"busybox:1.36\"",
      "res.memory-limit error resources.memoryBytes=none",
      "res.memory-request warning resources.memoryReservationBytes=none",
      "res.cpu-limit error resources.cpu=none",
      "res.cpu-request warning resources.cpuReservation=none",
      "res.pids-limit warning resources.pids=none",
      "lifecycle.graceful-stop warning stopGracePeriodMs=none",
      "lifecycle.init-process warning init=false",
      "sec.non-root error user=unset",
      "sec.readonly-rootfs error readOnlyRootFilesystem=false",
      "sec.drop-all-caps error capabilities.drop=[]",
      "log.rotation error logging.options.max-file=unset",
      "log.rotation error logging.options.max-size=unset",
      "net.isolation error networks=[]",
    ]);
    expect(found.find((f) => f.rule === "sec.non-root")!.message).toBe("SwarmService 'bare' sets no user, so it runs as the image's user (often root).");
  });

  it("passes the rules its spec satisfies: user, read-only root, dropped capabilities, memory limit, network", () => {
    const found = checkGraph(swarmServicePortable(), { now: NOW }).findings.filter((f) => f.node === "agent");
    expect(found.map((f) => `${f.rule} ${f.field}`)).toEqual([
      "res.cpu-limit resources.cpu",
      "lifecycle.init-process init",
      "log.rotation logging.options.max-file",
      "log.rotation logging.options.max-size",
    ]);
  });
});
