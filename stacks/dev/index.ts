import { DockerHost, Stack } from "../../sdk/index.ts";
import { Shop } from "../../examples/shop/shop.ts";

const stack = new Stack("shop", { environment: "dev", target: new DockerHost({ bindAddress: "127.0.0.1" }) });
new Shop(stack, "Shop", { replicas: stack.config.number("replicas", 1) });

// The Shop is written for prod (Kubernetes); on one dev Docker host two of its settings can
// only be approximated. Both differences are harmless on a laptop and recorded here.
stack.portability.acknowledge("resources.reservations", {
  reason: "dev runs on one Docker host: a soft memory reservation is enough, nothing is scheduled",
});
stack.portability.acknowledge("update", {
  reason: "dev replaces containers in place; rolling updates and rollback are exercised in prod",
});

export default stack;
