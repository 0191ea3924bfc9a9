/**
 * The security groups of a Fargate stack come from one derivation (security-groups.ts): the
 * groups the Pulumi realizer creates (under Pulumi mocks, each group's id `<name>-id`) are the
 * ones Berth's engine desires (engine/desired.ts), with the same names, descriptions and ingress
 * rules, and tasks and EFS mount targets join the same groups. Rules are compared as the engine's
 * rule keys once group ids are known (`tcp:8080:sg:<group id>`, `-1:all:sg:<own id>`,
 * `tcp:8080:cidr:<block>`).
 */
import { describe, expect, it } from "vitest";
import { engineObjects, ruleKey } from "../../../providers/fargate/engine/desired.ts";
import { lowerFargate } from "../../../providers/fargate/lower.ts";
import { realizeFargateWithPulumi } from "../../../providers/fargate/pulumi.ts";
import type { Graph } from "../../../sdk/graph/schema.ts";
import { Fargate, Image, Network, Service, Size, Stack, StackConfig, synth, Volume } from "../../../sdk/index.ts";
import { recordRealization, type Registered } from "../../support/pulumi-mocks.ts";
import { CANARY, DIGEST, shopPortable } from "./fixture-graph.ts";
import { AWS_CALLS, VPC_CIDR } from "./pulumi-calls.ts";

/** A Pulumi ingress rule as the engine's rule key. */
interface PulumiRule {
  protocol: string;
  fromPort: number;
  self?: boolean;
  securityGroups?: string[];
  cidrBlocks?: string[];
}
const pulumiRuleKey = (r: PulumiRule, own: string): string => {
  const from = r.self ? `sg:${own}` : r.securityGroups ? `sg:${r.securityGroups.join(",")}` : `cidr:${r.cidrBlocks!.join(",")}`;
  return `${r.protocol}:${r.protocol === "-1" ? "all" : r.fromPort}:${from}`;
};

/** The id Pulumi's mocks give a resource. */
const mockId = (name: string): string => `${name}-id`;

/** A public stack: two networks (one sorting before the balancer's group), a workload on none, two published ports and a shared volume. */
function publicStack(): Graph {
  const stack = new Stack("sgpub", { environment: "dev", target: new Fargate({ cluster: "sgpub-sg", region: "eu-west-1", subnets: ["subnet-0sg1"] }), config: StackConfig.from({}) });
  const api = new Network(stack, "api");
  const zed = new Network(stack, "zed");
  const image = Image.fromRegistry(`busybox:1.36@${DIGEST}`);
  const data = new Volume(stack, "data", { size: Size.gibibytes(1) });
  const volumes = [{ volume: data, path: "/data" }];
  new Service(stack, "front", { image, ports: [{ container: 10000, published: 80 }, { container: 8080, published: 8081 }], networks: [zed, api], volumes, user: "1000:1000", fargate: { assignPublicIp: true } });
  new Service(stack, "worker", { image, ports: [{ container: 9000, published: 443 }], volumes, user: "1000:1000" });
  new Service(stack, "cache", { image, networks: [api], user: "1000:1000" });
  return synth(stack);
}

function agreeOn(title: string, project: string, portable: () => Graph, secretConfig: Record<string, string> = {}): void {
  describe(title, () => {
    const run = recordRealization({
      project,
      secretConfig,
      calls: AWS_CALLS,
      graph: () => {
        const g = portable();
        return { portable: g, lowered: lowerFargate(g) };
      },
      realize: ({ portable, lowered }) => realizeFargateWithPulumi(portable, lowered, { onGap: () => undefined }),
    });
    const engine = () => engineObjects(run.graph.portable, run.graph.lowered);
    const ids = () => new Map(engine().securityGroups.map((g) => [g.id, mockId(g.id)]));
    const pulumiGroups = (): Registered[] => run.registered.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup");

    it("creates under Pulumi exactly the groups the engine desires, with the same names, descriptions and ingress rules", () => {
      const fromPulumi = pulumiGroups()
        .map((r) => ({ id: r.name, name: r.inputs.name, description: r.inputs.description, rules: (r.inputs.ingress as PulumiRule[]).map((x) => pulumiRuleKey(x, mockId(r.name))).sort() }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const fromEngine = engine().securityGroups.map((g) => ({ id: g.id, name: g.name, description: g.description, rules: g.ingress.map((x) => ruleKey(x, ids(), mockId(g.id), VPC_CIDR)).sort() }));
      expect(fromPulumi.length).toBeGreaterThan(1);
      expect(fromPulumi).toEqual(fromEngine);
    });

    it("puts every task and every EFS mount target in the groups the engine gives them", () => {
      const lowered = run.graph.lowered;
      const own = (groups: unknown): string[] => (groups as string[]).filter((g) => !lowered.securityGroups.includes(g));
      const services = lowered.nodes.filter((n) => n.kind === "ecs.service");
      expect(services.length).toBeGreaterThan(0);
      for (const n of services) {
        const sent = own((run.byName(n.id).inputs.networkConfiguration as { securityGroups: string[] }).securityGroups);
        expect(sent, n.id).toEqual((engine().groupsOf.get(n.source) ?? []).map(mockId));
      }
      const mounts = run.registered.filter((r) => r.type === "aws:efs/mountTarget:MountTarget");
      expect(mounts.length).toBeGreaterThan(0);
      for (const m of mounts) {
        const volume = m.name.slice(0, m.name.indexOf("#mount-target:"));
        expect(own(m.inputs.securityGroups), m.name).toEqual((engine().groupsOfVolume.get(volume) ?? []).map(mockId));
      }
    });
  });
}

agreeOn("the shop's security groups: Pulumi and the engine agree (internal load balancer)", "shop", shopPortable, { "shop:dbPassword": CANARY });
agreeOn("a public stack's security groups: Pulumi and the engine agree (internet-facing load balancer, default network, shared volume)", "sgpub", publicStack);
