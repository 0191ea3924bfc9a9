import { Fargate, Image, Stack, StackConfig } from "../../sdk/index.ts";
import { Shop } from "../../examples/shop/shop.ts";

/**
 * The shop on AWS: the same Shop as stacks/dev and stacks/prod, on ECS/Fargate with the prod
 * profile. Where it runs (region, subnets, the ECR registry built images go to) is the
 * environment's config, Pulumi.aws.yaml, read before the target is made; the database password
 * is a Pulumi config secret (`pulumi config set --secret dbPassword`).
 */
const config = StackConfig.load(process.env.BERTH_STACK_DIR ?? process.cwd(), "aws");
const list = (key: string): string[] => (config.get(key) ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const registry = config.get("registry") ?? "123456789012.dkr.ecr.us-east-1.amazonaws.com";

const stack = new Stack("shop", {
  environment: "aws",
  profile: "prod",
  target: new Fargate({ cluster: "shop", region: config.get("region") ?? "us-east-1", subnets: list("subnets"), securityGroups: list("securityGroups"), registry }),
  registryAllowlist: ["docker.io", registry],
  config,
});
const shop = new Shop(stack, "Shop", {
  replicas: config.number("replicas", 2),
  databaseImage: Image.fromRegistry(config.get("dbImage") ?? "postgres:16.4"),
  webImage: Image.fromBuild({ context: "../../examples/shop/web", args: { BASE: config.get("webBaseImage") ?? "debian:bookworm" } }),
});
// On Fargate the published port is a listener of the stack's load balancer, which is internal
// (the tasks get no public IP), so the storefront is reachable inside the VPC only until an
// edge (CloudFront, a public ALB) is put in front of it: a recorded decision.
stack.policy.suppress("net.no-public-exposure", {
  on: shop.web,
  reason: "the port is a listener on the stack's internal load balancer; the VPC's edge decides what is public",
  owner: "platform-team",
});

export default stack;
