import { Image, Kubernetes, Stack } from "../../sdk/index.ts";
import { Shop } from "../../examples/shop/shop.ts";

/**
 * The shop on the local Kubernetes cluster (the berth-k8s kit, or any cluster the kubeconfig
 * names): the same Shop as stacks/dev and stacks/prod, in a namespace of its own, with the web
 * published as a NodePort (http://127.0.0.1:<webPort>/ on the kit's node).
 *
 * A cluster runs images, it does not build them: scripts/k8s-local.sh builds the web image
 * from examples/shop/web on the local Debian image, imports it and the local Postgres image
 * into the cluster, and names both in BERTH_CONFIG_DBIMAGE and BERTH_CONFIG_WEBIMAGE.
 */
const stack = new Stack("shop-k8s-local", { environment: "dev", target: new Kubernetes({ namespace: "berth-shop-k8s-local" }) });
const config = stack.config;
const image = (key: string, fallback: string) => Image.fromRegistry(config.get(key) ?? fallback);

new Shop(stack, "Shop", {
  replicas: config.number("replicas", 1),
  databaseImage: image("dbImage", "berth-local/postgres:15"),
  // A local cluster's volume root is a directory Postgres (uid 10999) may write but not chmod,
  // as initdb does: a subdirectory initdb makes itself is its own.
  databaseEnv: { PGDATA: "/var/lib/postgresql/data/pgdata" },
  webImage: image("webImage", "berth-local/shop-web:local"),
  webPort: config.number("webPort", 30880),
  webServiceType: "NodePort",
});

// One node: nothing to spread replicas over, and the node port is the way in on a laptop.
stack.portability.acknowledge("resources.reservations", { reason: "one local node: requests are honoured, nothing else competes" });

export default stack;
