import { DockerHost, Stack } from "../../sdk/index.ts";
import { Shop } from "../../examples/shop/shop.ts";

const stack = new Stack("shop", { environment: "dev", target: new DockerHost({ bindAddress: "127.0.0.1" }) });
new Shop(stack, "Shop", { replicas: stack.config.number("replicas", 1) });

export default stack;
