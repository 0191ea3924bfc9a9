import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { desiredObject } from "../../providers/kubernetes/engine/apply.ts";
import { lowerKubernetesStack } from "../../providers/kubernetes/provider.ts";
import { readLock } from "../../sdk/config/lock-file.ts";
import { synth, type Stack } from "../../sdk/index.ts";
import { recordPulumi } from "../support/pulumi-mocks.ts";

const DIR = fileURLToPath(new URL("../../stacks/prod/", import.meta.url));
const PASSWORD = "prod-canary-k8spulumi";

describe("stacks/prod/pulumi.ts under Pulumi mocks", () => {
  it("realizes the prod shop as the Kubernetes objects berth up applies, in namespace shop, the password from the stack's Pulumi config secret", async () => {
    const registered = recordPulumi("shop", "prod", { "shop:dbPassword": PASSWORD }, ["shop:dbPassword"]);
    process.env.BERTH_STACK_DIR = DIR;
    const { default: program } = (await import("../../stacks/prod/pulumi.ts")) as { default: () => Promise<unknown> };
    const outputs = await program();
    // Drains the queue of resource registrations.
    await pulumi.runtime.disconnect();

    const meta = (r: (typeof registered)[number]) => r.inputs.metadata as { name: string; namespace?: string };
    expect(registered.map((r) => `${r.type} ${r.name} ${meta(r).namespace ?? "-"}/${meta(r).name}`).sort()).toEqual([
      "kubernetes:apps/v1:Deployment Shop/db shop/shop-db",
      "kubernetes:apps/v1:Deployment Shop/web shop/shop-web",
      "kubernetes:batch/v1:Job Shop/migrate shop/shop-migrate",
      "kubernetes:core/v1:ConfigMap #applyset shop/shop-applyset",
      "kubernetes:core/v1:Namespace #namespace -/shop",
      "kubernetes:core/v1:PersistentVolumeClaim Shop/pgdata shop/shop-pgdata",
      "kubernetes:core/v1:Secret secret/dbPassword shop/secret-dbpassword",
      "kubernetes:core/v1:Service Shop/db#service shop/shop-db",
      "kubernetes:core/v1:Service Shop/web#service shop/shop-web",
      "kubernetes:core/v1:ServiceAccount Shop/db#service-account shop/shop-db",
      "kubernetes:core/v1:ServiceAccount Shop/migrate#service-account shop/shop-migrate",
      "kubernetes:core/v1:ServiceAccount Shop/web#service-account shop/shop-web",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy #default-deny shop/shop-default-deny",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy Shop/backend shop/shop-backend",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy Shop/web#published shop/shop-web-published",
      "kubernetes:policy/v1:PodDisruptionBudget Shop/web#disruption-budget shop/shop-web",
    ]);
    const secret = registered.find((r) => r.name === "secret/dbPassword")!;
    expect([secret.secretInputs, secret.inputs.data]).toEqual([["data"], { value: Buffer.from(PASSWORD).toString("base64") }]);
    expect(registered.find((r) => r.name === "Shop/web")!.inputs).toMatchObject({ spec: { replicas: 3 } });
    expect(registered.find((r) => r.name === "Shop/web")!.dependsOn).toContain("Shop/migrate");

    // Whatever the shop becomes, each resource's arguments are the object the engine applies.
    const stack = ((await import("../../stacks/prod/index.ts")) as { default: Stack }).default;
    const graph = lowerKubernetesStack({ graph: synth(stack, { config: stack.config, lock: readLock(DIR) }), dir: DIR, config: (k) => stack.config.get(k) });
    const values = new Map([["secret/dbPassword", Buffer.from(PASSWORD)]]);
    expect(Object.fromEntries(registered.map((r) => [r.name, r.inputs]))).toEqual(Object.fromEntries(graph.nodes.map((n) => [n.id, desiredObject(n, values)])));

    expect(outputs).toEqual({
      endpoints: ["shop-web: port 8080 of its load balancer (kubectl -n shop get service shop-web)"],
      namespaces: ["shop"],
      serviceaccounts: ["shop-db", "shop-migrate", "shop-web"],
      secrets: ["secret-dbpassword"],
      configmaps: ["shop-applyset"],
      pvcs: ["shop-pgdata"],
      netpols: ["shop-backend", "shop-default-deny", "shop-web-published"],
      services: ["shop-db", "shop-web"],
      pdbs: ["shop-web"],
      deployments: ["shop-db", "shop-web"],
      jobs: ["shop-migrate"],
    });
  });
});
