/**
 * Published ports on Fargate: awsvpc tasks have no host port of their own, so a published port
 * becomes a listener on the stack's Application Load Balancer forwarding to a target group of
 * the workload's task addresses (target type `ip`). The balancer is internal unless the workload
 * asks for public exposure explicitly (`fargate: { assignPublicIp: true }`).
 */
import type { WorkloadGraphNode } from "../../sdk/graph/schema.ts";
import type { StackNames } from "./names.ts";
import type { ListenerNode, LoadBalancerNode, TargetGroupNode } from "./target.ts";

type Draft<T> = Omit<T, "hash">;

/** The VPC of the target's subnets: unknown offline, resolved by the engine from the subnets. */
export const VPC = "<vpc>";

/** ELBv2 names: at most 32 characters of letters, digits and hyphens. */
function elbName(text: string): string {
  return text.replace(/[^A-Za-z0-9-]/g, "-").slice(0, 32).replace(/-+$/, "");
}

/** The stack's load balancer, id `#load-balancer`, in the target's subnets and security groups. */
export function loadBalancer(s: StackNames, subnets: readonly string[], securityGroups: readonly string[], internetFacing: boolean): Draft<LoadBalancerNode> {
  const name = elbName(`${s.stack}-berth`);
  return {
    kind: "aws.load-balancer",
    id: "#load-balancer",
    source: "#load-balancer",
    path: `${s.stack}/load-balancer`,
    name,
    arn: `arn:aws:elasticloadbalancing:${s.region}:${s.account}:loadbalancer/app/${name}/<alb:${name}>`,
    input: { Name: name, Type: "application", Scheme: internetFacing ? "internet-facing" : "internal", Subnets: [...subnets], SecurityGroups: [...securityGroups], Tags: [] },
  };
}

/** One published port of a workload: its target group and the listener forwarding to it. */
export interface PublishedPort {
  readonly targetGroup: Draft<TargetGroupNode>;
  readonly listener: Draft<ListenerNode>;
  /** The service's `loadBalancers` entry. */
  readonly binding: { readonly targetGroupArn: string; readonly containerName: string; readonly containerPort: number };
}

/** The target groups and listeners of a workload's published (TCP) ports. */
export function publishedPorts(s: StackNames, w: WorkloadGraphNode, balancerArn: string, containerName: string): PublishedPort[] {
  const health = w.spec.healthcheck?.test.kind === "http" ? w.spec.healthcheck.test.path : "/";
  return w.spec.ports
    .filter((p) => p.published !== undefined && p.protocol === "tcp")
    .map((p): PublishedPort => {
      const name = elbName(`${s.stack}-${w.name}-${p.container}`);
      const arn = `arn:aws:elasticloadbalancing:${s.region}:${s.account}:targetgroup/${name}/<tg:${name}>`;
      return {
        targetGroup: {
          kind: "aws.target-group",
          id: `${w.id}#target-group:${p.container}`,
          source: w.id,
          path: w.path,
          name,
          arn,
          input: { Name: name, Protocol: "HTTP", Port: p.container, TargetType: "ip", VpcId: VPC, HealthCheckPath: health.startsWith("/") ? health : `/${health}`, Tags: [] },
        },
        listener: {
          kind: "aws.listener",
          id: `${w.id}#listener:${p.published}`,
          source: w.id,
          path: w.path,
          name: `${p.published}`,
          input: { LoadBalancerArn: balancerArn, Protocol: "HTTP", Port: p.published!, DefaultActions: [{ Type: "forward", TargetGroupArn: arn }], Tags: [] },
        },
        binding: { targetGroupArn: arn, containerName, containerPort: p.container },
      };
    });
}
