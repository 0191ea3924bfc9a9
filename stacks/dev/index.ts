import { DockerHost, Image, Stack } from "../../sdk/index.ts";
import { Shop } from "../../examples/shop/shop.ts";

const stack = new Stack("shop", { environment: "dev", target: new DockerHost({ bindAddress: "127.0.0.1" }) });
const config = stack.config;

// Which images run is the environment's business (12-factor III): on a machine without Docker
// Hub, `npm start` (scripts/start.ts) makes local ones and names them in BERTH_CONFIG_DBIMAGE and
// BERTH_CONFIG_WEBBASEIMAGE (README "Offline images").
new Shop(stack, "Shop", {
  replicas: config.number("replicas", 1),
  databaseImage: Image.fromRegistry(config.get("dbImage") ?? "postgres:16.4"),
  webImage: Image.fromBuild({
    context: "../../examples/shop/web",
    args: { BASE: config.get("webBaseImage") ?? "debian:bookworm" },
  }),
});

// The Shop is written for prod (Kubernetes); on one dev Docker host two of its settings can
// only be approximated. Both differences are harmless on a laptop and recorded here.
stack.portability.acknowledge("resources.reservations", {
  reason: "dev runs on one Docker host: a soft memory reservation is enough, nothing is scheduled",
});
stack.portability.acknowledge("update", {
  reason: "dev replaces containers in place; rolling updates and rollback are exercised in prod",
});

export default stack;
