/**
 * KubernetesDeployment: synthesis beside portable constructs, its props checked against the
 * Kubernetes API's shape, its row in the portability report (honoured on Kubernetes, failing
 * closed everywhere else), the policy reading its pod template, and every other target's
 * lowering refusing it naming it.
 */
import { describe, expect, it } from "vitest";
import { BerthError, DockerHost, Fargate, Image, Kubernetes, KubernetesDeployment, Stack, Swarm, synth, type Target } from "../../../sdk/index.ts";
import { checkGraph } from "../../../sdk/policy/check.ts";
import { portabilityFindings } from "../../../sdk/portability/report.ts";
import { lowerDocker } from "../../../providers/docker/lower.ts";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import { lowerSwarm } from "../../../providers/swarm/lower.ts";
import { reportOn } from "../../support/portability.ts";
import { catchBerthError } from "../../support/berth-error.ts";
import { KD_CANARY, kubernetesDeploymentPortable } from "../../providers/kubernetes/kubernetes-deployment-fixture.ts";

const NOW = new Date("2026-12-01T00:00:00Z");
const image = Image.fromRegistry("berth-local/busybox:1");
const k8s = () => new Stack("p", { environment: "dev", target: new Kubernetes({ namespace: "p" }) });

function issues(f: () => unknown): [string, string, string | undefined][] {
  try {
    f();
  } catch (e) {
    if (e instanceof BerthError) return e.issues.map((i) => [i.code, i.field ?? "", i.found]);
    throw e;
  }
  throw new Error("no error");
}

describe("KubernetesDeployment", () => {
  it("synthesizes beside portable constructs: a kubernetes-deployment node for kubernetes with uses edges to its images, secret, config and network, and a portable Service depending on it", () => {
    const g = kubernetesDeploymentPortable();
    expect(g.nodes.map((n) => `${n.id} ${n.construct} ${n.spec.kind}`)).toEqual([
      "api KubernetesDeployment kubernetes-deployment",
      "backend Network network",
      "config/settings Config config",
      "image/busybox-1 Image image",
      "secret/dbPassword Secret secret",
      "web Service service",
    ]);
    const api = g.nodes.find((n) => n.id === "api")!;
    expect(api.spec).toMatchObject({
      kind: "kubernetes-deployment",
      target: "kubernetes",
      images: [{ container: "api", image: "image/busybox-1" }, { container: "proxy", image: "image/busybox-1" }, { container: "warm", image: "image/busybox-1" }],
      secrets: [{ name: "db-password", secret: "secret/dbPassword" }],
      configs: [{ name: "settings", config: "config/settings" }],
      networks: ["backend"],
      labels: { team: "payments" },
    });
    expect(g.edges.filter((e) => e.from === "api" || e.to === "api")).toEqual([
      { from: "api", to: "backend", kind: "uses" },
      { from: "api", to: "config/settings", kind: "uses" },
      { from: "api", to: "image/busybox-1", kind: "uses" },
      { from: "api", to: "secret/dbPassword", kind: "uses" },
      { from: "web", to: "api", kind: "depends", condition: "healthy" },
    ]);
    expect(JSON.stringify(g)).not.toContain(KD_CANARY);
    const web = g.nodes.find((n) => n.id === "web")!;
    expect(web.spec.kind === "service" && web.spec.env.API_URL).toEqual({ kind: "ref", node: "api", attribute: "hostname" });
  });

  it("refuses an image in the template, a container without an image, a misspelt API field and a berth.* label, naming each field", () => {
    const stack = k8s();
    expect(
      issues(() => new KubernetesDeployment(stack, "bad", {
        images: { app: image, ghost: image },
        labels: { "berth.stack": "x" },
        spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "nginx" } as never, { name: "side" }], restartPolicy: "Always", nodeSelectr: {} } as never } },
      })),
    ).toEqual([
      ["props.invalid", "labels.berth.stack", '"x"'],
      ["props.invalid", "spec.template.spec.containers.0.image", '"nginx"'],
      ["props.invalid", "spec.template.spec.nodeSelectr", "{}"],
    ]);
    const missing = catchBerthError(() => new KubernetesDeployment(stack, "bad2", { images: { app: image, ghost: image }, spec: { template: { spec: { containers: [{ name: "app" }, { name: "side" }] } } } }));
    expect(missing.issues.map((i) => [i.path, i.field, i.message])).toEqual([
      ["p/bad2", "images.side", expect.stringContaining("container 'side' has no image: add it to images")],
      ["p/bad2", "images.ghost", expect.stringContaining("no container of the template is named 'ghost'")],
    ]);
    // Nothing half-built stays in the tree.
    expect(synth(stack).nodes).toEqual([]);
  });
});

describe("KubernetesDeployment portability", () => {
  it("is honoured on Kubernetes, with no finding", () => {
    const g = kubernetesDeploymentPortable();
    const report = reportOn(g, undefined, { now: NOW });
    expect(report.entries.find((e) => e.feature === "target.kubernetes-deployment")).toEqual({
      feature: "target.kubernetes-deployment",
      support: "honoured",
      note: "the Deployment spec and pod template as written, with Berth's name, selector, ownership labels, pinned images, Secrets, ConfigMaps and NetworkPolicy membership",
      nodes: ["api"],
    });
    expect(portabilityFindings(report, g, NOW).filter((f) => f.rule.startsWith("portability.target."))).toEqual([]);
  });

  for (const [kind, target, where] of [
    ["docker-host", new DockerHost(), "a Docker host cannot run it"],
    ["swarm", new Swarm(), "swarm cannot run it"],
    ["fargate", new Fargate({ cluster: "c", region: "eu-west-1" }), "ECS cannot run it"],
  ] as [string, Target, string][]) {
    it(`is reported Kubernetes-only on ${kind}, with an error finding naming KubernetesDeployment and its node path`, () => {
      const g = kubernetesDeploymentPortable(target);
      const report = reportOn(g, undefined, { now: NOW });
      const note = `KubernetesDeployment is a Kubernetes-only construct (an apps/v1 Deployment spec); ${where}: use a portable Service, or deploy this stack to Kubernetes`;
      expect(report.entries.find((e) => e.feature === "target.kubernetes-deployment")).toEqual({ feature: "target.kubernetes-deployment", support: "unsupported", note, nodes: ["api"] });
      const findings = portabilityFindings(report, g, NOW).filter((f) => f.rule === "portability.target.kubernetes-deployment");
      expect(findings.map((f) => [f.severity, f.path, f.node, f.field, f.found, f.message])).toEqual([
        ["error", "mixed/api", "api", "kind", "kubernetes-deployment", `KubernetesDeployment 'api' is a kubernetes-deployment, and target.kubernetes-deployment is unsupported on ${kind}: ${note}.`],
      ]);
    });
  }

  it("is refused by the lowering of every other target, naming the construct and what to do", () => {
    const lowerings: [string, Target, (g: ReturnType<typeof synth>) => unknown][] = [
      ["a Docker host", new DockerHost(), (g) => lowerDocker(g)],
      ["Swarm", new Swarm(), (g) => lowerSwarm(g)],
      ["Fargate", new Fargate({ cluster: "c", region: "eu-west-1" }), (g) => lowerFargate(g)],
    ];
    for (const [name, target, lower] of lowerings) {
      const e = catchBerthError(() => lower(kubernetesDeploymentPortable(target)));
      expect(e.issues.map((i) => [i.code, i.path, i.field, i.found, i.message, i.fix])).toEqual([
        [
          "portability.target.kubernetes-deployment",
          "mixed/api",
          "kind",
          '"kubernetes-deployment"',
          `KubernetesDeployment 'api' is a Kubernetes-only construct; ${name} cannot run it.`,
          "Use a portable Service for it, or deploy this stack with the Kubernetes target (berth check reports this before anything runs).",
        ],
      ]);
    }
  });
});

describe("KubernetesDeployment under the policy pack", () => {
  it("is checked by the workload rules through its pod template: a bare template on prod fails them, naming the construct", () => {
    const stack = new Stack("p", { environment: "prod", target: new Kubernetes({ namespace: "p" }) });
    new KubernetesDeployment(stack, "bare", { images: { app: Image.fromRegistry("busybox:1.36") }, spec: { template: { spec: { containers: [{ name: "app" }] } } } });
    const found = checkGraph(synth(stack), { now: NOW }).findings.filter((f) => f.node === "bare");
    expect(found.map((f) => `${f.rule} ${f.severity} ${f.field}=${f.found}`)).toEqual([
      'image.digest-pinned error image="busybox:1.36"',
      "res.memory-limit error resources.memoryBytes=none",
      "res.memory-request warning resources.memoryReservationBytes=none",
      "res.cpu-limit error resources.cpu=none",
      "res.cpu-request warning resources.cpuReservation=none",
      "lifecycle.graceful-stop warning stopGracePeriodMs=none",
      "sec.non-root error user=unset",
      "sec.readonly-rootfs error readOnlyRootFilesystem=false",
      "sec.no-privilege-escalation error noNewPrivileges=false",
      "sec.drop-all-caps error capabilities.drop=[]",
      "net.isolation error networks=[]",
    ]);
    expect(found.find((f) => f.rule === "sec.readonly-rootfs")!.message).toBe("KubernetesDeployment 'bare' has a writable root filesystem.");
  });

  it("passes the rules its template satisfies: runAsUser, read-only root, no privilege escalation, dropped capabilities, limits and requests, a probe, a network", () => {
    expect(checkGraph(kubernetesDeploymentPortable(), { now: NOW }).findings.filter((f) => f.node === "api")).toEqual([]);
  });

  it("reads a seccomp profile of Unconfined and a privileged container as the rules' findings", () => {
    const stack = new Stack("p", { environment: "prod", target: new Kubernetes({ namespace: "p" }) });
    new KubernetesDeployment(stack, "loose", {
      images: { app: image },
      spec: { template: { spec: { hostPID: true, securityContext: { seccompProfile: { type: "Unconfined" } }, containers: [{ name: "app", securityContext: { privileged: true } }] } } },
    });
    const rules = checkGraph(synth(stack), { now: NOW }).findings.filter((f) => f.node === "loose").map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(["sec.no-privileged", "sec.seccomp", "sec.no-host-pid-ipc"]));
  });
});
