import { describe, expect, it } from "vitest";
import { DockerHost, Fargate, Kubernetes, Network, Stack, StackConfig, Swarm, synth } from "../../../sdk/index.ts";
import { catchBerthError } from "../../support/berth-error.ts";

describe("Stack", () => {
  it("picks the dev profile for dev/local/test environments and prod otherwise", () => {
    expect(new Stack("a", { environment: "dev", target: new DockerHost() }).profile).toBe("dev");
    expect(new Stack("a", { environment: "test", target: new DockerHost() }).profile).toBe("dev");
    expect(new Stack("a", { environment: "staging", target: new DockerHost() }).profile).toBe("prod");
    expect(new Stack("a", { environment: "local", target: new DockerHost(), profile: "prod" }).profile).toBe("prod");
  });

  it("writes its environment, target, labels, lists and waivers into the graph", () => {
    const stack = new Stack("shop", {
      environment: "prod",
      target: new Kubernetes({ namespace: "shop", registry: "registry.example.com" }),
      labels: { team: "payments" },
      registryAllowlist: ["docker.io", "registry.example.com"],
      requiredLabels: ["team"],
      config: StackConfig.from({}),
    });
    const net = new Network(stack, "net");
    stack.policy.suppress("net.isolation", { on: net, reason: "shared with the legacy billing stack", owner: "ops", expires: "2027-01-31" });
    stack.portability.acknowledge("hardening.init", { reason: "Kubernetes has no init flag; tini is in the image" });
    stack.policy.disableWaivers();
    expect(synth(stack).stack).toEqual({
      name: "shop",
      environment: "prod",
      profile: "prod",
      target: { kind: "kubernetes", namespace: "shop", registry: "registry.example.com" },
      labels: { team: "payments" },
      registryAllowlist: ["docker.io", "registry.example.com"],
      requiredLabels: ["team"],
      suppressions: [
        { rule: "net.isolation", node: "net", reason: "shared with the legacy billing stack", owner: "ops", expires: "2027-01-31" },
        { rule: "portability.hardening.init", reason: "Kubernetes has no init flag; tini is in the image" },
      ],
      waiversDisabled: true,
    });
  });

  it("describes every target kind as plain data", () => {
    expect(new DockerHost({ bindAddress: "127.0.0.1" }).toSpec()).toEqual({ kind: "docker-host", bindAddress: "127.0.0.1" });
    expect(new Swarm({ registry: "127.0.0.1:5000" }).toSpec()).toEqual({ kind: "swarm", registry: "127.0.0.1:5000" });
    expect(new Fargate({ cluster: "c", region: "eu-west-1" }).toSpec()).toEqual({ kind: "fargate", cluster: "c", region: "eu-west-1", subnets: [], securityGroups: [] });
    expect(new Kubernetes({ namespace: "shop", context: "prod" }).toSpec()).toEqual({ kind: "kubernetes", namespace: "shop", context: "prod" });
  });

  it("fails a name that is not lower-case DNS-safe", () => {
    expect(() => new Stack("Shop", { environment: "dev", target: new DockerHost() })).toThrowErrorMatchingInlineSnapshot(`
      [BerthError: ✖ [stack.name] Stack name "Shop" must be lower-case letters, digits and '-'.
        → at Shop  (field: name, found: "Shop")
        Fix: new Stack("shop", { ... })]
    `);
  });

  it("fails without a target, naming the field", () => {
    const e = catchBerthError(() => new Stack("shop", { environment: "dev" } as never));
    expect(e.issues[0]).toMatchObject({ code: "props.invalid", path: "shop", field: "target", found: "undefined" });
  });

  it("fails a waiver whose reason is shorter than 10 characters", () => {
    const stack = new Stack("shop", { environment: "dev", target: new DockerHost() });
    const e = catchBerthError(() => stack.policy.suppress("sec.non-root", { reason: "because" }));
    expect(e.issues[0]).toMatchObject({ code: "waiver.reason", path: "shop", field: "reason", found: '"because"' });
  });

  it("fails a waiver whose expiry is not a YYYY-MM-DD date", () => {
    const stack = new Stack("shop", { environment: "dev", target: new DockerHost() });
    const e = catchBerthError(() => stack.policy.suppress("sec.non-root", { reason: "vendor image runs as root", expires: "next year" }));
    expect(e.issues[0]).toMatchObject({ code: "waiver.expires", field: "expires", found: '"next year"' });
  });

  it("refuses new constructs while it is being synthesized, and accepts them again afterwards", () => {
    const stack = new Stack("shop", { environment: "dev", target: new DockerHost(), config: StackConfig.from({}) });
    synth(stack);
    new Network(stack, "late");
    expect(synth(stack).nodes.map((n) => n.id)).toEqual(["late"]);
  });
});
