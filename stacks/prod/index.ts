import { Kubernetes, Stack } from "../../sdk/index.ts";
import { Shop } from "../../examples/shop/shop.ts";

/**
 * The shop in production: the same Shop as stacks/dev, on Kubernetes in its own namespace,
 * with the prod profile and its replicas from config (Pulumi.prod.yaml).
 */
const stack = new Stack("shop", {
  environment: "prod",
  profile: "prod",
  target: new Kubernetes({ namespace: "shop", registry: "registry.shop.example.com" }),
  registryAllowlist: ["docker.io", "registry.shop.example.com"],
});
const shop = new Shop(stack, "Shop", { replicas: stack.config.number("replicas", 3) });
// The portable graph has no anti-affinity option yet; the prod cluster spreads pods across
// zones with its default topology spread constraints, so the warning is a recorded decision.
stack.policy.suppress("avail.spread", {
  on: shop.web,
  reason: "the prod cluster's default topology spread constraints spread pods across zones",
  owner: "platform-team",
});

export default stack;
