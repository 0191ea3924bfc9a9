/**
 * stacks/k8s-local on the REAL cluster of the berth-k8s kit, as a user runs it:
 * `scripts/k8s-local.sh up` makes and imports the local images and deploys Postgres, the
 * migration Job and the web; the web answers on its NodePort with the migrated orders; a
 * one-off `berth run` of the migration reaches the database; `plan` finds nothing to do;
 * `scripts/k8s-local.sh down` removes it all (also when a step fails).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { berthAsync, kubeconfig, kubectl, REPO_ROOT, requireCluster } from "../support/kubernetes.ts";

process.env.KUBECONFIG = kubeconfig();
const NAMESPACE = "berth-shop-k8s-local";
const script = (command: string) => spawnSync("bash", [join(REPO_ROOT, "scripts/k8s-local.sh"), command], { cwd: REPO_ROOT, encoding: "utf8", timeout: 900_000, env: process.env });

afterAll(() => {
  const down = script("down");
  if (down.status !== 0) kubectl(["delete", "namespace", NAMESPACE, "--wait=false", "--ignore-not-found"]);
}, 300_000);

describe("stacks/k8s-local", () => {
  it("deploys the shop on the local cluster from local images: the web answers on its node port with the migrated orders, a one-off migration reaches the database, and a second plan is empty", async () => {
    requireCluster();
    const up = script("up");
    expect([up.status, up.stderr.split("\n").filter((l) => l.startsWith("✖"))]).toEqual([0, []]);
    expect(up.stdout).toContain("create job shop-migrate: done");
    expect(up.stdout).toContain("shop-web: http://<node>:30880 (NodePort → 8080)");
    expect(up.stdout).toContain("k8s-local: the shop is up: http://127.0.0.1:30880/ (orders: 1;");
    expect(kubectl(["-n", NAMESPACE, "get", "service", "shop-web", "-o", "jsonpath={.spec.type} {.spec.ports[0].nodePort}"]).stdout).toBe("NodePort 30880");

    expect(await (await fetch("http://127.0.0.1:30880/")).text()).toContain("<h1>Shop</h1>");
    expect(await (await fetch("http://127.0.0.1:30880/cgi-bin/orders")).text()).toBe("orders: 1\nmode: k8s-local\n");

    const env = Object.fromEntries(
      script("env")
        .stdout.replace(/^export /, "")
        .trim()
        .split(" ")
        .map((kv) => kv.split("=") as [string, string]),
    );
    const migrate = await berthAsync(["run", "stacks/k8s-local", "web", "--", "/app/bin/migrate"], env);
    expect([migrate.code, migrate.stdout]).toEqual([0, "migrate: mode=k8s-local database=shop-db:5432\nNOTICE:  relation \"orders\" already exists, skipping\nmigrate: schema is up to date\n"]);
    const plan = await berthAsync(["plan", "stacks/k8s-local", "--exit-code"], env);
    expect([plan.code, plan.stdout.trim()]).toEqual([0, "No changes: 'shop-k8s-local' is up to date (15 objects)."]);
  }, 900_000);
});
