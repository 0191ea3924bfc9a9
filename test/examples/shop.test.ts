import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DockerHost, Stack, StackConfig, synth } from "../../sdk/index.ts";
import { canonicalJsonPretty } from "../../sdk/graph/canonical.ts";
import { Shop } from "../../examples/shop/shop.ts";
import { expectGolden } from "../support/golden.ts";

const GOLDEN = fileURLToPath(new URL("../../examples/shop/shop.golden.json", import.meta.url));
const CONFIG = { mode: "dev", dbPassword: "golden-test-password" };

function shopGraph() {
  const stack = new Stack("shop", { environment: "dev", target: new DockerHost({ bindAddress: "127.0.0.1" }), config: StackConfig.from(CONFIG) });
  new Shop(stack, "Shop", { replicas: 2 });
  return synth(stack);
}

describe("examples/shop", () => {
  it("synthesizes to the checked-in golden graph", () => {
    expectGolden(GOLDEN, canonicalJsonPretty(shopGraph()));
  });

  it("keeps the database password out of the golden graph", () => {
    expect(canonicalJsonPretty(shopGraph())).not.toContain(CONFIG.dbPassword);
  });

  it("runs the migration on the web image after the database is healthy, and the web after the migration", () => {
    const g = shopGraph();
    expect(g.edges.filter((e) => e.kind === "depends")).toEqual([
      { from: "Shop/migrate", to: "Shop/db", kind: "depends", condition: "healthy" },
      { from: "Shop/web", to: "Shop/migrate", kind: "depends", condition: "completed" },
    ]);
    const image = (id: string) => (g.nodes.find((n) => n.id === id)!.spec as { image: string }).image;
    expect(image("Shop/migrate")).toBe(image("Shop/web"));
  });
});
