/**
 * The Fargate Pulumi realizer on a stack that names no subnets: the tasks run in the default
 * VPC's default subnets (aws.ec2.getVpc / getSubnets), and a secret from the environment is sent
 * as a Pulumi secret; a missing one fails before anything is created.
 */
import { describe, expect, it } from "vitest";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import { realizeFargateWithPulumi } from "../../../providers/fargate/pulumi.ts";
import { Fargate, Image, Network, Secret, Service, Stack, StackConfig, synth } from "../../../sdk/index.ts";
import { BerthError } from "../../../sdk/index.ts";
import { recordPulumi, recordRealization } from "../../support/pulumi-mocks.ts";
import { DEFAULT_SUBNETS, AWS_CALLS, VPC_ID } from "./pulumi-calls.ts";
import { DIGEST } from "./fixture-graph.ts";

const CANARY = "canary-fgpulumi-env-secret";

function tinyStack() {
  const stack = new Stack("tiny", { environment: "dev", target: new Fargate({ cluster: "tiny-fgpulumi", region: "eu-west-1" }), config: StackConfig.from({}) });
  const net = new Network(stack, "net");
  const image = Image.fromRegistry(`busybox:1.36@${DIGEST}`);
  new Service(stack, "api", { image, ports: [8080], networks: [net], secrets: { token: Secret.fromEnv("FGPULUMI_TOKEN") }, user: "1000:1000" });
  new Service(stack, "worker", { image, user: "1000:1000" });
  return synth(stack);
}

describe("realizeFargateWithPulumi without subnets", () => {
  const run = recordRealization({
    project: "tiny",
    calls: AWS_CALLS,
    graph: () => {
      const portable = tinyStack();
      return { portable, lowered: lowerFargate(portable) };
    },
    realize: ({ portable, lowered }) => realizeFargateWithPulumi(portable, lowered, { env: { FGPULUMI_TOKEN: CANARY }, onGap: () => undefined }),
  });

  it("runs the services in the default VPC's default subnets, sorted, each in its network's security group", () => {
    expect(run.graph.lowered.subnets).toEqual([]);
    const sg = run.byName("#sg:net");
    expect(run.byName("api").inputs.networkConfiguration).toEqual({ subnets: [...DEFAULT_SUBNETS].sort(), securityGroups: ["#sg:net-id"], assignPublicIp: false });
    // A workload on no network is on the stack's default one, apart from the others.
    expect(run.byName("worker").inputs.networkConfiguration).toEqual({ subnets: [...DEFAULT_SUBNETS].sort(), securityGroups: ["#sg:default-id"], assignPublicIp: false });
    expect(run.byName("#sg:default").inputs).toMatchObject({ name: "tiny-default", description: "network default of stack tiny (Berth)", tags: { "berth.node": "stack:default", "berth.stack": "tiny" } });
    expect(sg.inputs).toMatchObject({ name: "tiny-net", vpcId: VPC_ID, ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] });
    expect(run.byName("#namespace").inputs).toMatchObject({ name: "tiny.internal", vpc: VPC_ID });
    expect(run.byName("tiny-aws").inputs).toMatchObject({ region: "eu-west-1" });
  });

  it("creates no load balancer when nothing publishes a port", () => {
    expect(run.registered.filter((r) => r.type.startsWith("aws:lb/") || r.name.startsWith("#load-balancer"))).toEqual([]);
  });

  it("sends a secret from the environment only as a Pulumi secret", () => {
    expect(run.byName("secret/FGPULUMI_TOKEN#value")).toMatchObject({ inputs: { secretString: CANARY }, secretInputs: ["secretString"] });
    expect(JSON.stringify(run.registered.filter((r) => r.name !== "secret/FGPULUMI_TOKEN#value"))).not.toContain(CANARY);
  });
});

describe("realizeFargateWithPulumi with a secret it cannot read", () => {
  it("fails naming the secret and the variable, before any AWS object is created", async () => {
    const registered = recordPulumi("tiny", "dev", {}, [], AWS_CALLS);
    const portable = tinyStack();
    const e = await realizeFargateWithPulumi(portable, lowerFargate(portable), { env: {}, onGap: () => undefined }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(BerthError);
    expect((e as BerthError).issues).toEqual([
      { code: "secret.unresolved", path: "tiny/secret/FGPULUMI_TOKEN", field: "secret", found: "environment variable FGPULUMI_TOKEN unset", message: "Secret 'secret/FGPULUMI_TOKEN' has no value for Pulumi.", fix: "export FGPULUMI_TOKEN=..." },
    ]);
    await new Promise((ok) => setTimeout(ok, 50));
    expect(registered).toEqual([]);
  });
});
