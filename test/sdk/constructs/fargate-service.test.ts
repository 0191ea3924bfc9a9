/**
 * FargateService: synthesis beside portable constructs, its props checked against the ECS API's
 * members, its row in the portability report (honoured on Fargate, failing closed everywhere
 * else), the policy reading its task definition, and every other target's lowering refusing it
 * naming it.
 */
import { describe, expect, it } from "vitest";
import { BerthError, DockerHost, FargateService, Image, Kubernetes, Stack, Swarm, synth, type Target } from "../../../sdk/index.ts";
import { checkGraph } from "../../../sdk/policy/check.ts";
import { portabilityFindings } from "../../../sdk/portability/report.ts";
import { lowerDocker } from "../../../providers/docker/lower.ts";
import { lowerKubernetes } from "../../../providers/kubernetes/lower.ts";
import { lowerSwarm } from "../../../providers/swarm/lower.ts";
import { reportOn } from "../../support/portability.ts";
import { catchBerthError } from "../../support/berth-error.ts";
import { FS_CANARY, fargateServicePortable, fargateTarget } from "../../providers/fargate/fargate-service-fixture.ts";

const NOW = new Date("2026-12-01T00:00:00Z");
const image = Image.fromRegistry("berth-local/busybox:1");

function issues(f: () => unknown): [string, string][] {
  try {
    f();
  } catch (e) {
    if (e instanceof BerthError) return e.issues.map((i) => [i.field ?? "", i.message]);
    throw e;
  }
  throw new Error("no error");
}

describe("FargateService", () => {
  it("synthesizes beside portable constructs: a fargate-service node for fargate with uses edges to its image, secrets and network, and a portable Service depending on it", () => {
    const g = fargateServicePortable();
    expect(g.nodes.map((n) => `${n.id} ${n.construct} ${n.spec.kind}`)).toEqual([
      "backend Network network",
      "image/busybox-1.36 Image image",
      "secret/api-key-AbCdEf Secret secret",
      "secret/dbPassword Secret secret",
      "web Service service",
      "worker FargateService fargate-service",
    ]);
    const worker = g.nodes.find((n) => n.id === "worker")!;
    expect(worker.spec).toMatchObject({
      kind: "fargate-service",
      target: "fargate",
      images: [{ container: "worker", image: "image/busybox-1.36" }, { container: "router", image: "image/busybox-1.36" }],
      secrets: [{ name: "db-password", secret: "secret/dbPassword" }, { name: "api-key", secret: "secret/api-key-AbCdEf" }],
      networks: ["backend"],
      service: { desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 }, enableExecuteCommand: false, healthCheckGracePeriodSeconds: 20 },
    });
    expect(g.edges.filter((e) => e.from === "worker" || e.to === "worker").map((e) => `${e.from} ${e.kind} ${e.to}`)).toEqual([
      "web depends worker",
      "worker uses backend",
      "worker uses image/busybox-1.36",
      "worker uses secret/api-key-AbCdEf",
      "worker uses secret/dbPassword",
    ]);
    expect(JSON.stringify(g)).not.toContain(FS_CANARY);
  });

  it("refuses a misspelt ECS member, an image in a container, a secret it does not hold, a container without an image and a task with no essential container, naming each field", () => {
    const stack = new Stack("p", { environment: "dev", target: fargateTarget() });
    expect(
      issues(() => new FargateService(stack, "bad", {
        images: { app: image },
        task: { containerDefinitions: [{ name: "app", image: "nginx", secrets: [{ name: "TOKEN", valueFrom: "token" }] } as never, { name: "side", essential: false }], cpuArchitecture: "ARM64" } as never,
      })).map(([field]) => field),
    ).toEqual(["task.containerDefinitions.0.image", "task.cpuArchitecture", "images.side", "task.containerDefinitions.0.secrets.0.valueFrom"]);
    expect(
      issues(() => new FargateService(stack, "bad2", {
        images: { app: image },
        task: { containerDefinitions: [{ name: "app", essential: false, secrets: [{ name: "TOKEN", valueFrom: "token" }] }, { name: "side", essential: false }] },
      })),
    ).toEqual([
      ["task.containerDefinitions", "FargateService 'bad2': task.containerDefinitions needs at least one essential container."],
      ["images.side", "FargateService 'bad2': images.side container 'side' has no image: add it to images."],
      ["task.containerDefinitions.0.secrets.0.valueFrom", "FargateService 'bad2': task.containerDefinitions.0.secrets.0.valueFrom names no secret of this construct: add 'token' to secrets (Berth writes its ARN)."],
    ]);
    expect(
      issues(() => new FargateService(stack, "bad3", {
        images: { app: image },
        task: { containerDefinitions: [{ name: "app", secrets: [{ name: "TOKEN", valueFrom: "token" }] }, { name: "side", essential: false }] },
      })),
    ).toEqual([
      ["images.side", expect.stringContaining("container 'side' has no image: add it to images")],
      ["task.containerDefinitions.0.secrets.0.valueFrom", expect.stringContaining("names no secret of this construct: add 'token' to secrets (Berth writes its ARN)")],
    ]);
    expect(synth(stack).nodes).toEqual([]);
  });
});

describe("FargateService portability", () => {
  it("is honoured on Fargate, with no finding", () => {
    const g = fargateServicePortable();
    const report = reportOn(g, undefined, { now: NOW });
    expect(report.entries.find((e) => e.feature === "target.fargate-service")).toEqual({
      feature: "target.fargate-service",
      support: "honoured",
      note: "the task definition and service fields as written, with Berth's family, service name, network, execution role, logs, tags, pinned images and secret ARNs",
      nodes: ["worker"],
    });
    expect(portabilityFindings(report, g, NOW).filter((f) => f.rule.startsWith("portability.target."))).toEqual([]);
  });

  for (const [kind, target, where] of [
    ["docker-host", new DockerHost(), "a Docker host cannot run it"],
    ["swarm", new Swarm(), "swarm cannot run it"],
    ["kubernetes", new Kubernetes({ namespace: "shop" }), "Kubernetes cannot run it"],
  ] as [string, Target, string][]) {
    it(`is reported Fargate-only on ${kind}, with an error finding naming FargateService and its node path`, () => {
      const g = fargateServicePortable(target);
      const report = reportOn(g, undefined, { now: NOW });
      const note = `FargateService is a Fargate-only construct (an ECS task definition and service); ${where}: use a portable Service, or deploy this stack to Fargate`;
      expect(report.entries.find((e) => e.feature === "target.fargate-service")).toEqual({ feature: "target.fargate-service", support: "unsupported", note, nodes: ["worker"] });
      const findings = portabilityFindings(report, g, NOW).filter((f) => f.rule === "portability.target.fargate-service");
      expect(findings.map((f) => [f.severity, f.path, f.node, f.field, f.found, f.message])).toEqual([
        ["error", "mixed/worker", "worker", "kind", "fargate-service", `FargateService 'worker' is a fargate-service, and target.fargate-service is unsupported on ${kind}: ${note}.`],
      ]);
    });
  }

  it("is refused by the lowering of every other target, naming the construct and what to do", () => {
    const lowerings: [string, Target, (g: ReturnType<typeof synth>) => unknown][] = [
      ["a Docker host", new DockerHost(), (g) => lowerDocker(g)],
      ["Swarm", new Swarm(), (g) => lowerSwarm(g)],
      ["Kubernetes", new Kubernetes({ namespace: "shop" }), (g) => lowerKubernetes(g)],
    ];
    for (const [name, target, lower] of lowerings) {
      const e = catchBerthError(() => lower(fargateServicePortable(target)));
      expect(e.issues.map((i) => [i.code, i.path, i.field, i.found, i.message, i.fix])).toEqual([
        [
          "portability.target.fargate-service",
          "mixed/worker",
          "kind",
          '"fargate-service"',
          `FargateService 'worker' is a Fargate-only construct; ${name} cannot run it.`,
          "Use a portable Service for it, or deploy this stack with the Fargate target (berth check reports this before anything runs).",
        ],
      ]);
    }
  });
});

describe("FargateService under the policy pack", () => {
  it("is checked by the workload rules through its task definition: a bare one on prod fails them, naming the construct", () => {
    const stack = new Stack("p", { environment: "prod", target: fargateTarget() });
    new FargateService(stack, "bare", { images: { app: Image.fromRegistry("busybox:1.36") }, task: { containerDefinitions: [{ name: "app" }] } });
    const found = checkGraph(synth(stack), { now: NOW }).findings.filter((f) => f.node === "bare");
    expect(found.map((f) => `${f.rule} ${f.severity} ${f.field}=${f.found}`)).toEqual([
      'image.digest-pinned error image="busybox:1.36"',
      "res.memory-limit error resources.memoryBytes=none",
      "res.memory-request warning resources.memoryReservationBytes=none",
      "res.cpu-limit error resources.cpu=none",
      "res.cpu-request warning resources.cpuReservation=none",
      "lifecycle.graceful-stop warning stopGracePeriodMs=none",
      "lifecycle.init-process warning init=false",
      "sec.non-root error user=unset",
      "sec.readonly-rootfs error readOnlyRootFilesystem=false",
      "sec.drop-all-caps error capabilities.drop=[]",
    ]);
    expect(found.find((f) => f.rule === "sec.non-root")!.message).toBe("FargateService 'bare' sets no user, so it runs as the image's user (often root).");
  });

  it("passes the rules its essential container satisfies: user, read-only root, dropped capabilities, init, task size as limits, reservations, a health check", () => {
    expect(checkGraph(fargateServicePortable(), { now: NOW }).findings.filter((f) => f.node === "worker").map((f) => f.rule)).toEqual([]);
  });
});
